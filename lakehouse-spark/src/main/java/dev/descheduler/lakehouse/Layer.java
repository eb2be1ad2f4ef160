package dev.descheduler.lakehouse;

/** The medallion layers; each is one namespace of the Iceberg catalog, named in {@link LakehouseSettings}. */
public enum Layer {
    BRONZE,
    SILVER,
    GOLD
}
