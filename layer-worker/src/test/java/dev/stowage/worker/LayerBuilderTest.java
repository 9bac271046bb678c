package dev.stowage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.event.LayerPath;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerBuilderTest {
    private static final Instant MTIME = Instant.parse("1970-01-01T00:00:01Z");
    @TempDir Path tmp;
    private FileSystemBlobStore store;
    private LayerBuilder builder;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }
    private final List<LayerPath> paths = List.of(TestStore.layerPath(TestStore.APP), TestStore.layerPath(TestStore.LIB));

    @BeforeEach
    void setUp() throws IOException {
        Path root = TestStore.create(tmp.resolve("root"));
        store = new FileSystemBlobStore(tmp.resolve("blobs"));
        builder = new LayerBuilder(new LocalStoreContents(root), store, new Compressors(pool));
    }

    private byte[] tar(BuiltLayer layer, Compression c) throws IOException {
        InputStream in = store.open(layer.blob().digest());
        return switch (c) {
            case GZIP -> new GZIPInputStream(in).readAllBytes();
            case ZSTD -> new ZstdInputStream(in).readAllBytes();
            case NONE -> in.readAllBytes();
        };
    }

    @Test
    void writesParentsThenSortedPathsWithCanonicalModes() throws IOException {
        BuiltLayer layer = builder.build("/nix/store", MTIME, Compression.GZIP, paths);
        List<String> listing = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar(layer, Compression.GZIP)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getLongGroupId()).isZero();
                assertThat(e.getUserName()).isEqualTo("root");
                assertThat(e.getGroupName()).isEqualTo("root");
                assertThat(e.getModTime().toInstant()).isEqualTo(MTIME);
                listing.add(String.format("%o %s%s", e.getMode() & 07777, e.getName(), e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        String lib = TestStore.LIB.relative();
        String app = TestStore.APP.relative();
        assertThat(listing).containsExactly(
                "755 nix/", "755 nix/store/",
                "555 " + lib + "/", "444 " + lib + "/empty-file", "555 " + lib + "/lib/", "444 " + lib + "/lib/libgreet.so",
                "555 " + lib + "/share/", "555 " + lib + "/share/doc/",
                "555 " + lib + "/share/doc/a-rather-long-directory-name-to-push-the-path-past-one-hundred-bytes/",
                "444 " + lib + "/share/doc/a-rather-long-directory-name-to-push-the-path-past-one-hundred-bytes/README",
                "555 " + lib + "/share/empty/",
                "555 " + app + "/", "555 " + app + "/bin/", "555 " + app + "/bin/hello", "777 " + app + "/bin/hi -> hello",
                "777 " + app + "/lib -> " + TestStore.LIB + "/lib");
    }

    @Test
    void diffIdIsTheDigestOfTheTarAndBlobOfTheCompressedBytes() throws IOException {
        for (Compression c : Compression.values()) {
            BuiltLayer layer = builder.build("/nix/store", MTIME, c, paths);
            byte[] tar = tar(layer, c);
            assertThat(Digest.ofBytes(tar)).as(c.id()).isEqualTo(layer.diffId());
            assertThat((long) tar.length).isEqualTo(layer.uncompressedSize());
            assertThat(Digest.ofBytes(store.readAll(layer.blob().digest()))).isEqualTo(layer.blob().digest());
            assertThat(layer.blob().size()).isEqualTo(store.size(layer.blob().digest()));
            assertThat(layer.blob().mediaType()).isEqualTo(c.layerMediaType());
        }
    }

    /** Pins the bytes of the tar rules: a change here must bump TarRules.VERSION. */
    @Test
    void goldenDiffId() throws IOException {
        BuiltLayer a = builder.build("/nix/store", MTIME, Compression.GZIP, paths);
        BuiltLayer b = builder.build("/nix/store", MTIME, Compression.ZSTD, List.of(paths.get(1), paths.get(0)));
        assertThat(a.diffId()).isEqualTo(b.diffId());
        assertThat(a.diffId().toString()).isEqualTo(GOLDEN);
        assertThat(builder.build("/nix/store", MTIME.plusSeconds(1), Compression.GZIP, paths).diffId()).isNotEqualTo(a.diffId());
    }

    static final String GOLDEN = "sha256:bf3b4275ea32af2b2d8fda36dc5d535a3eb7916112e041e9c17ff6e5a72c1e02";

    @Test
    void everyHeaderBlockIncludingPaxIsOwnedByRootWithTheFixedMtime() throws IOException {
        String saved = System.getProperty("user.name");
        System.setProperty("user.name", "someone-else");
        try {
            BuiltLayer layer = builder.build("/nix/store", MTIME, Compression.NONE, paths);
            List<RawTarHeaders.Header> headers = RawTarHeaders.read(new ByteArrayInputStream(tar(layer, Compression.NONE)));
            assertThat(headers).anyMatch(h -> h.type() == 'x');
            assertThat(headers).allSatisfy(h -> {
                assertThat(h.uname()).isEqualTo("root");
                assertThat(h.gname()).isEqualTo("root");
                assertThat(Long.parseLong(h.uid(), 8)).isZero();
                assertThat(Long.parseLong(h.mtime(), 8)).isEqualTo(1L);
            });
        } finally {
            System.setProperty("user.name", saved);
        }
    }

    @Test
    void customStoreDirGetsItsOwnParents() throws IOException {
        StorePath p = StorePath.parse("/gnu/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-libgreet-0.1");
        Files.createDirectories(tmp.resolve("root/gnu/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-libgreet-0.1"));
        BuiltLayer layer = builder.build("/gnu/store", MTIME, Compression.NONE, List.of(TestStore.layerPath(p)));
        List<String> names = RawTarHeaders.read(new ByteArrayInputStream(tar(layer, Compression.NONE))).stream().map(RawTarHeaders.Header::name).toList();
        assertThat(names).containsExactly("gnu/", "gnu/store/", p.relative() + "/");
    }

    @Test
    void missingStorePathIsBadInputNamingThePath() {
        StorePath missing = StorePath.parse("/nix/store/1111111111111111111111111111111a-missing-1.0");
        assertThatThrownBy(() -> builder.build("/nix/store", MTIME, Compression.GZIP, List.of(TestStore.layerPath(missing))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString());
    }
}
