package dev.descheduler.collector.publish;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * An admin client whose calls all end within the KafkaAdmin's operation timeout. The client's own defaults (60 s API
 * timeout) would outlive a caller's {@code get(timeout)}: closing the client waits for its pending calls, so a broker
 * that is down would hold the batch worker or the replayer for a minute per call.
 */
final class BoundedAdmin {

    private BoundedAdmin() {}

    static int timeoutMs(KafkaAdmin admin) {
        return (int) TimeUnit.SECONDS.toMillis(admin.getOperationTimeout());
    }

    static Admin create(KafkaAdmin admin) {
        int timeoutMs = timeoutMs(admin);
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return Admin.create(config);
    }
}
