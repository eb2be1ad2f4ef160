package dev.descheduler.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An S3-compatible server (S3Proxy on a filesystem store: one folder per bucket) in a child JVM. */
public final class S3Server extends ServerProcess {

    private final String accessKey;
    private final String secretKey;

    S3Server(int port, Path dataDir, String accessKey, String secretKey) {
        super("S3", port, dataDir);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Creates the bucket if it does not exist; works whether or not the server runs. */
    public void createBucket(String bucket) {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
        }
        try {
            Files.createDirectories(blobDir().resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bucket " + bucket, e);
        }
    }

    Path blobDir() {
        return dataDir().resolve("blobs");
    }

    @Override
    List<String> mainAndArgs() throws IOException {
        Files.createDirectories(blobDir());
        return List.of(
                "dev.descheduler.localstack.server.S3ServerMain",
                Integer.toString(port()),
                blobDir().toString(),
                accessKey,
                secretKey);
    }

    @Override
    String readyMarker() {
        return "local-stack: S3 ready";
    }
}
