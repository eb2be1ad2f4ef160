package dev.descheduler.cli.layers;

import picocli.CommandLine.Option;

/** Where the lakehouse is read from: the SQL endpoint and the layers' namespaces (a picocli mixin). */
public final class LakehouseOptions {

    @Option(
            names = "--jdbc-url",
            defaultValue = "${env:SQL_ENDPOINT_JDBC_URL:-jdbc:hive2://127.0.0.1:10000/default}",
            description = "the SQL endpoint (default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--bronze-namespace", defaultValue = "${env:BRONZE_NAMESPACE:-bronze}")
    String bronzeNamespace;

    @Option(names = "--silver-namespace", defaultValue = "${env:SILVER_NAMESPACE:-silver}")
    String silverNamespace;

    @Option(names = "--gold-namespace", defaultValue = "${env:GOLD_NAMESPACE:-gold}")
    String goldNamespace;

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String bronzeNamespace() {
        return bronzeNamespace;
    }

    public String silverNamespace() {
        return silverNamespace;
    }

    public String goldNamespace() {
        return goldNamespace;
    }
}
