package dev.stowage.it.harness;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy (from Maven Central, copied to
 * target/s3proxy by the build) as a separate JVM on a free loopback port, authentication on,
 * objects on disk in a temp folder. Can be stopped and started again on the same port and data.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = "stowage-test";
    public static final String CREDENTIAL = "s3-secret-not-for-logs";
    private final Path dir;
    private final int port;
    private Process process;

    public S3Proxy(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dir.resolve("data")) + "\n");
        start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
    }

    public void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException("S3Proxy is already running on port " + port);
        Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
        if (!Files.exists(jar)) throw new IOException(jar + " is missing: run the tests through Maven (it copies S3Proxy there)");
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "--properties", dir.resolve("s3proxy.conf").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        Await.until(Duration.ofSeconds(30), "S3Proxy to listen on " + port, () -> !process.isAlive() || LoopbackPort.accepts(port), () -> "");
        if (!process.isAlive()) throw new IOException("S3Proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
    }

    /** Stops the server (the port is free again when this returns); data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** A plain client with the right credentials, for setting up and inspecting buckets; close it. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).build();
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
