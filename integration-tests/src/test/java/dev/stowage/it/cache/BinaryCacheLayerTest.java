package dev.stowage.it.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.blob.s3.S3Location;
import dev.stowage.cli.Main;
import dev.stowage.error.BadInputException;
import dev.stowage.event.LayerPath;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.S3Proxy;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePathContents;
import dev.stowage.nix.cache.CacheStorePathContents;
import dev.stowage.nix.cache.ClosureWalker;
import dev.stowage.nix.cache.FileBinaryCache;
import dev.stowage.nix.cache.HttpBinaryCache;
import dev.stowage.nix.cache.S3BinaryCache;
import dev.stowage.nix.cache.TrustPolicy;
import dev.stowage.spec.Compression;
import dev.stowage.worker.BuiltLayer;
import dev.stowage.worker.Compressors;
import dev.stowage.worker.LayerBuilder;
import dev.stowage.worker.LocalStoreContents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Layers built from real nix-bin binary caches equal layers built from the realised store. */
class BinaryCacheLayerTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    @TempDir static Path tmp;
    static NixStore nix;
    static ClosureGraph closure;
    static String publicKey;
    static String impostorKey;
    static final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void caches() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        String hello = nix.buildResource("sample-closure.nix");
        closure = ClosureGraphReader.read(Files.readAllBytes(nix.pathInfo(tmp.resolve("path-info.json"), hello)));
        for (String c : List.of("zstd", "xz", "none")) nix.copyToCache(tmp.resolve("cache-" + c), c, hello);
        Path secret = tmp.resolve("secret.key");
        Files.writeString(secret, nix.run("nix", "key", "generate-secret", "--key-name", "test-cache-1"));
        publicKey = nix.run("sh", "-c", "nix key convert-secret-to-public < " + secret).strip();
        Path impostor = tmp.resolve("impostor.key");
        Files.writeString(impostor, nix.run("nix", "key", "generate-secret", "--key-name", "test-cache-1"));
        impostorKey = nix.run("sh", "-c", "nix key convert-secret-to-public < " + impostor).strip();
        nix.run("nix", "copy", "--store", nix.root().toString(), "--to", "file://" + tmp.resolve("cache-signed") + "?compression=zstd&secret-key=" + secret, hello);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static List<LayerPath> paths() {
        return closure.infos().stream().map(i -> new LayerPath(i.path(), i.narHash(), i.narSize())).toList();
    }

    private static BuiltLayer layer(StorePathContents source, String name) throws IOException {
        LayerBuilder b = new LayerBuilder(source, new FileSystemBlobStore(tmp.resolve("blobs-" + name)), new Compressors(pool));
        return b.build("/nix/store", Instant.parse("1970-01-01T00:00:01Z"), Compression.GZIP, null, paths());
    }

    @Test
    void everyCacheKindGivesTheStoreLayerExactly() throws IOException {
        BuiltLayer fromStore = layer(new LocalStoreContents(nix.root()), "store");
        for (String c : List.of("zstd", "xz", "none")) {
            BuiltLayer fromCache = layer(new CacheStorePathContents(new FileBinaryCache(tmp.resolve("cache-" + c)), new TrustPolicy(List.of(), true)), c);
            assertThat(fromCache.diffId()).as(c).isEqualTo(fromStore.diffId());
            assertThat(fromCache.blob().digest()).as(c).isEqualTo(fromStore.blob().digest());
        }
        BuiltLayer signed = layer(new CacheStorePathContents(new FileBinaryCache(tmp.resolve("cache-signed")), new TrustPolicy(List.of(publicKey), false)), "signed");
        assertThat(signed.diffId()).isEqualTo(fromStore.diffId());
    }

    @Test
    void unsignedOrWronglySignedPathsAreRefused() throws IOException {
        PathInfo any = closure.infos().get(0);
        StorePathContents unsigned = new CacheStorePathContents(new FileBinaryCache(tmp.resolve("cache-zstd")), new TrustPolicy(List.of(publicKey), false));
        assertThatThrownBy(() -> unsigned.accept(any.path(), any.narHash(), any.narSize(), new Ignore()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(any.path().toString()).hasMessageContaining("not signed");
        // the same key name, another key: the signature must not verify
        StorePathContents wrongKey = new CacheStorePathContents(new FileBinaryCache(tmp.resolve("cache-signed")),
                new TrustPolicy(List.of(impostorKey), false));
        assertThatThrownBy(() -> wrongKey.accept(any.path(), any.narHash(), any.narSize(), new Ignore()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no valid signature");
    }

    @Test
    void aTamperedNarOrNarinfoIsRefusedNamingThePath() throws IOException {
        Path cache = tmp.resolve("cache-tampered");
        nix.copyToCache(cache, "none", closure.unreferenced().get(0).toString());
        PathInfo target = closure.infos().stream().filter(i -> i.narSize() > 1000).findFirst().orElseThrow();
        Path nar;
        try (Stream<Path> s = Files.list(cache.resolve("nar"))) {
            String narinfo = Files.readString(cache.resolve(target.path().hash() + ".narinfo"));
            String url = narinfo.lines().filter(l -> l.startsWith("URL: ")).findFirst().orElseThrow().substring(5);
            nar = cache.resolve(url);
            assertThat(s.count()).isPositive();
        }
        byte[] bytes = Files.readAllBytes(nar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(nar, bytes);
        StorePathContents source = new CacheStorePathContents(new FileBinaryCache(cache), new TrustPolicy(List.of(), true));
        assertThatThrownBy(() -> source.accept(target.path(), target.narHash(), target.narSize(), new Ignore()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(target.path().toString());
        Path info = cache.resolve(target.path().hash() + ".narinfo");
        Files.writeString(info, Files.readString(info).replaceFirst("NarSize: \\d+", "NarSize: 7"));
        assertThatThrownBy(() -> source.accept(target.path(), target.narHash(), target.narSize(), new Ignore()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(target.path().toString()).hasMessageContaining("does not match");
    }

    private static int buildImage(String name, String platformJson, Path out, StringWriter err) throws IOException {
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"stowage-it/cache\",\"tag\":\"t\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\"," + platformJson + "}]}");
        StringWriter o = new StringWriter();
        int exit = Main.run(new PrintWriter(o, true), new PrintWriter(err, true), "build", spec.toString(),
                "--store-root", tmp.resolve("empty-store-root").toString(), "--blob-store", tmp.resolve("blobs-" + name).toString(),
                "--audit-log", tmp.resolve(name + ".jsonl").toString(), "--out", "oci:" + out);
        return exit;
    }

    @Test
    void anImageFromTheCacheEqualsTheImageFromTheStore() throws IOException {
        String roots = "\"roots\":[\"" + closure.unreferenced().get(0) + "\"]";
        StringWriter err = new StringWriter();
        Path fromStore = tmp.resolve("image-from-store");
        Path spec = Files.writeString(tmp.resolve("store-spec.json"), "{\"name\":\"stowage-it/cache\",\"tag\":\"t\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build",
                spec.toString(), "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs-store").toString(),
                "--audit-log", tmp.resolve("store.jsonl").toString(), "--out", "oci:" + fromStore)).as(err.toString()).isZero();
        Path fromCache = tmp.resolve("image-from-cache");
        assertThat(buildImage("signed", "\"source\":{\"cache\":\"file://" + tmp.resolve("cache-signed")
                + "\",\"trustedPublicKeys\":[\"" + publicKey + "\"]}," + roots, fromCache, err)).as(err.toString()).isZero();
        String a = Skopeo.inspect("inspect", "oci:" + fromStore + ":t").get("Digest").asText();
        String b = Skopeo.inspect("inspect", "oci:" + fromCache + ":t").get("Digest").asText();
        assertThat(b).isEqualTo(a);
        // the same cache without its key: refused, exit 2, nothing written
        StringWriter refused = new StringWriter();
        Path nothing = tmp.resolve("image-refused");
        assertThat(buildImage("untrusted", "\"source\":{\"cache\":\"file://" + tmp.resolve("cache-zstd")
                + "\",\"trustedPublicKeys\":[\"" + publicKey + "\"]}," + roots, nothing, refused)).isEqualTo(2);
        assertThat(refused.toString()).contains("not signed");
        assertThat(nothing).doesNotExist();
        assertThat(Files.readString(tmp.resolve("untrusted.jsonl"))).contains("\"type\":\"BuildFailed\"");
    }

    @Test
    void overHttpTheClosureWalkFetchesEachNarinfoOnceAndLayersMatch() throws Exception {
        Path root = tmp.resolve("cache-zstd");
        Map<String, Integer> requests = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            requests.merge(path, 1, Integer::sum);
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        try (var cache = new HttpBinaryCache(vertx.get(), URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))) {
            ClosureGraph walked = new ClosureWalker(cache, 8).walk(closure.unreferenced());
            assertThat(walked).isEqualTo(closure);
            assertThat(requests.keySet().stream().filter(k -> k.endsWith(".narinfo"))).hasSize(closure.size());
            assertThat(requests.entrySet().stream().filter(e -> e.getKey().endsWith(".narinfo")))
                    .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1));
            BuiltLayer fromHttp = layer(new CacheStorePathContents(cache, new TrustPolicy(List.of(), true)), "http");
            assertThat(fromHttp.diffId()).isEqualTo(layer(new LocalStoreContents(nix.root()), "store-for-http").diffId());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void cacheAndKeysOnTheCommandLine() throws IOException {
        Path spec = Files.writeString(tmp.resolve("cli-cache.json"), "{\"name\":\"stowage-it/cache\",\"tag\":\"t\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"roots\":[\"" + closure.unreferenced().get(0) + "\"]}]}");
        StringWriter err = new StringWriter();
        Path out = tmp.resolve("image-cli-cache");
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build",
                spec.toString(), "--cache", "file://" + tmp.resolve("cache-signed"), "--trusted-public-key", publicKey,
                "--store-root", tmp.resolve("no-store").toString(), "--blob-store", tmp.resolve("blobs-cli").toString(),
                "--audit-log", tmp.resolve("cli.jsonl").toString(), "--out", "oci:" + out);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(Skopeo.inspect("inspect", "oci:" + out + ":t").get("Layers")).hasSize(closure.size());
        StringWriter noCache = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(noCache, true), "build",
                spec.toString(), "--blob-store", tmp.resolve("blobs-cli").toString(), "--audit-log", tmp.resolve("cli.jsonl").toString(),
                "--out", "oci:" + tmp.resolve("never"))).isEqualTo(2);
        assertThat(noCache.toString()).contains("--cache");
    }

    @Test
    void fromAnS3BucketTheLayersMatchToo() throws Exception {
        try (S3Proxy s3 = new S3Proxy(tmp.resolve("s3proxy"))) {
            s3.createBucket("nix-cache");
            Path cache = tmp.resolve("cache-zstd");
            try (var client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
                    .region(Region.US_EAST_1).credentialsProvider(s3.credentials()).build();
                    Stream<Path> files = Files.walk(cache)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    client.putObject(r -> r.bucket("nix-cache").key(cache.relativize(f).toString()),
                            RequestBody.fromFile(f));
                }
            }
            var location = new S3Location("nix-cache", "", s3.endpoint(), "us-east-1");
            try (var bucket = new S3BinaryCache(location, s3.credentials())) {
                ClosureGraph walked = new ClosureWalker(bucket, 4).walk(closure.unreferenced());
                assertThat(walked).isEqualTo(closure);
                BuiltLayer fromS3 = layer(new CacheStorePathContents(bucket, new TrustPolicy(List.of(), true)), "s3");
                assertThat(fromS3.diffId()).isEqualTo(layer(new LocalStoreContents(nix.root()), "store-for-s3").diffId());
            }
        }
    }

    /** A visitor that reads and drops everything. */
    static final class Ignore implements FileSystemObjectVisitor {
        @Override
        public void directory(String path) {}

        @Override
        public void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException {
            contents.transferTo(OutputStream.nullOutputStream());
        }

        @Override
        public void symlink(String path, String target) {}
    }
}
