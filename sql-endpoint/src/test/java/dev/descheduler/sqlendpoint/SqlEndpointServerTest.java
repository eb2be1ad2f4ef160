package dev.descheduler.sqlendpoint;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.lakehouse.Environment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlEndpointServerTest {

    @Test
    void refusesAPortThatIsAlreadyTakenNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SqlEndpointSettings settings = settingsOnPort(taken.getLocalPort());

            assertThatThrownBy(() -> SqlEndpointServer.requireFreePort(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .hasMessageEndingWith("stop it or set SPARK_THRIFT_PORT to a free port");
        }
    }

    @Test
    void acceptsAPortNobodyHolds() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SqlEndpointSettings settings = settingsOnPort(port);

        assertThatCode(() -> SqlEndpointServer.requireFreePort(settings)).doesNotThrowAnyException();
    }

    private static SqlEndpointSettings settingsOnPort(int port) {
        return SqlEndpointSettings.from(Environment.of(Map.of("SPARK_THRIFT_PORT", Integer.toString(port))));
    }
}
