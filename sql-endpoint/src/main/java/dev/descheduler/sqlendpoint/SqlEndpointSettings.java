package dev.descheduler.sqlendpoint;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the SQL endpoint listens and keeps its local files.
 *
 * @param port the Thrift (HiveServer2 binary protocol) port ({@code SPARK_THRIFT_PORT})
 * @param bindHost the address to listen on; loopback by default, so nothing outside this machine can query the lake
 *     unless the operator says so ({@code SQL_ENDPOINT_BIND_HOST})
 * @param dataDir Hive's scratch, operation-log and Derby files, Spark's local warehouse ({@code SQL_ENDPOINT_DATA_DIR})
 */
record SqlEndpointSettings(LakehouseSettings lakehouse, int port, String bindHost, Path dataDir) {

    static final String PORT = "SPARK_THRIFT_PORT";
    static final String BIND_HOST = "SQL_ENDPOINT_BIND_HOST";
    static final String DATA_DIR = "SQL_ENDPOINT_DATA_DIR";

    static SqlEndpointSettings from(Environment env) {
        return new SqlEndpointSettings(
                LakehouseSettings.from(env),
                port(env),
                bindHost(env),
                Path.of(env.string(DATA_DIR, ".data/sql-endpoint"))
                        .toAbsolutePath()
                        .normalize());
    }

    InetSocketAddress listenAddress() {
        return new InetSocketAddress(bindHost, port);
    }

    /** What clients put in their connection string; a wildcard bind is reached through loopback from here. */
    String jdbcUrl() {
        String host = listenAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : bindHost;
        return "jdbc:hive2://" + host + ":" + port + "/default";
    }

    /** Hive's per-session local files; it must exist before the first session closes. */
    Path localScratchDir() {
        return dataDir.resolve("local-scratch");
    }

    /** Spark settings of the endpoint, on top of the lakehouse's own ({@code LakehouseSession}). */
    Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.hive.server2.thrift.port", Integer.toString(port));
        conf.put("spark.hadoop.hive.server2.thrift.bind.host", bindHost);
        // one driver serves every client: stream results to the client partition by partition instead of collecting
        // a whole result (a `SELECT *` on Bronze) into driver memory first
        conf.put("spark.sql.thriftServer.incrementalCollect", "true");
        // FAIR: a short dashboard query does not wait behind someone's full-table scan
        conf.put("spark.scheduler.mode", "FAIR");
        // Spark's session catalog is unused (the Iceberg catalog is the default), but it and Hive's execution client
        // still create files; keep them out of the working directory
        conf.put(
                "spark.sql.warehouse.dir",
                dataDir.resolve("spark-warehouse").toUri().toString());
        conf.put("spark.hadoop.hive.exec.scratchdir", dataDir.resolve("scratch").toString());
        conf.put("spark.hadoop.hive.exec.local.scratchdir", localScratchDir().toString());
        // one folder per session, as Hive's own default: a session deletes its folder when it closes, so a shared one
        // vanished under the other sessions (dbt with two threads failed "Couldn't create directory .../resources")
        conf.put(
                "spark.hadoop.hive.downloaded.resources.dir",
                dataDir.resolve("resources")
                        .resolve("${hive.session.id}_resources")
                        .toString());
        conf.put(
                "spark.hadoop.hive.server2.logging.operation.log.location",
                dataDir.resolve("operation-logs").toString());
        return conf;
    }

    private static int port(Environment env) {
        String value = env.string(PORT, "10000");
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw Environment.invalid(PORT, value, "a port number from 1 to 65535");
    }

    private static String bindHost(Environment env) {
        String value = env.string(BIND_HOST, "127.0.0.1");
        try {
            InetAddress.getByName(value);
            return value;
        } catch (UnknownHostException e) {
            throw Environment.invalid(BIND_HOST, value, "an IP address or a resolvable host name of this machine");
        }
    }
}
