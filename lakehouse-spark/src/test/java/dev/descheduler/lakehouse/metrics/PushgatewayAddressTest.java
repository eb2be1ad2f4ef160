package dev.descheduler.lakehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.exporter.pushgateway.Scheme;
import org.junit.jupiter.api.Test;

class PushgatewayAddressTest {

    @Test
    void takesTheSchemeHostAndPortOfTheUrl() {
        assertThat(PushgatewayRunMetrics.address("http://127.0.0.1:9091"))
                .isEqualTo(new PushgatewayRunMetrics.Address(Scheme.HTTP, "127.0.0.1:9091"));
        assertThat(PushgatewayRunMetrics.address("https://push.example.org:443/"))
                .isEqualTo(new PushgatewayRunMetrics.Address(Scheme.HTTPS, "push.example.org:443"));
    }

    @Test
    void refusesAnAddressWithoutPortOrWithAPathNamingTheVariable() {
        assertThatThrownBy(() -> PushgatewayRunMetrics.address("http://127.0.0.1"))
                .hasMessageContaining("PUSHGATEWAY_URL must be the Pushgateway's address, was 'http://127.0.0.1'");
        assertThatThrownBy(() -> PushgatewayRunMetrics.address("http://127.0.0.1:9091/metrics/job/x"))
                .hasMessageContaining("no path");
        assertThatThrownBy(() -> PushgatewayRunMetrics.address("ftp://127.0.0.1:9091"))
                .hasMessageContaining("http or https");
    }
}
