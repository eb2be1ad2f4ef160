package dev.descheduler.cli.deadletter;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the collector keeps dead letters (the same S3 settings as the collector's landing zone). */
final class DeadLetterOptions {

    @Option(names = "--s3-endpoint", description = "S3 endpoint of the landing zone (omit to skip dead_letter/ there)")
    String s3Endpoint;

    @Option(names = "--s3-bucket", defaultValue = "warehouse")
    String s3Bucket;

    @Option(names = "--s3-access-key", defaultValue = "minioadmin")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", defaultValue = "minioadmin")
    String s3SecretKey;

    @Option(names = "--s3-region", defaultValue = "us-east-1")
    String s3Region;

    @Option(
            names = "--dir",
            description = "the collector's local dead-letter folder (COLLECTOR_DATA_DIR/dead_letter; omit to skip it)")
    Path dir;
}
