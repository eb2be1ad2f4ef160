package dev.descheduler.sqlendpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

/** The Spark Thrift Server (HiveServer2 protocol) on a running lakehouse session. */
final class SqlEndpointServer {

    private final HiveThriftServer2 server;

    private SqlEndpointServer(HiveThriftServer2 server) {
        this.server = server;
    }

    /**
     * Fails when something already listens on the endpoint's address. Checked before Spark starts, so a taken port
     * is a clear error within a second instead of a Thrift stack trace after the session and catalog came up.
     */
    static void requireFreePort(SqlEndpointSettings settings) {
        InetSocketAddress address = settings.listenAddress();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + settings.port() + " on " + settings.bindHost() + " is already in use (" + e.getMessage()
                            + "): another SQL endpoint or program holds it; stop it or set "
                            + SqlEndpointSettings.PORT + " to a free port",
                    e);
        }
    }

    /** The session must be the lakehouse one with namespace {@code default} present: every Thrift session uses it. */
    static SqlEndpointServer start(SparkSession spark) {
        return new SqlEndpointServer(HiveThriftServer2.startWithContext(spark.sqlContext()));
    }

    void stop() {
        server.stop();
    }
}
