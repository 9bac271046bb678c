package dev.stowage.nix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stowage.error.BadInputException;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.NarHash;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Hostile binary caches: narinfo fields (URLs leaving the cache, sizes, hashes) and NARs that
 * are truncated, garbage or larger than their NarSize, in every compression. Each is one
 * {@link BadInputException} naming the store path and the cache, with no decoder class name.
 */
class CacheBadInputTest {
    private static final StorePath PATH = StorePath.parse("/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-data-1.0");

    record Case(String name, String narinfoEdit, String compression, Damage damage, String mustSay) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Damage { NONE, TRUNCATED, GARBAGE, BOMB }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (String url : List.of("../outside.nar", "nar/../../outside.nar", "/etc/passwd", "http://evil.example/x.nar", "file:///etc/passwd",
                "//evil.example/x.nar", "nar/%2e%2e/x.nar", "nar\\x.nar", "nar/x.nar?y", "", "./nar/x.nar")) {
            all.add(new Case("URL " + url, "URL: " + url, "none", Damage.NONE, url.isEmpty() ? "narinfo" : "URL"));
        }
        all.add(new Case("NarSize not a number", "NarSize: lots", "none", Damage.NONE, "NarSize"));
        all.add(new Case("NarSize negative", "NarSize: -5", "none", Damage.NONE, "NarSize"));
        all.add(new Case("FileSize a float", "FileSize: 1.5", "none", Damage.NONE, "FileSize"));
        all.add(new Case("NarHash bad", "NarHash: sha256:nothex", "none", Damage.NONE, "narinfo"));
        all.add(new Case("StorePath of another path", "StorePath: /nix/store/1b8m03r63zqhnjf7l5wnldhh7c134ap5-other", "none", Damage.NONE, "describes"));
        all.add(new Case("compression unknown", "Compression: lz4", "none", Damage.NONE, "lz4"));
        for (String c : List.of("zstd", "xz", "bzip2", "none")) {
            // Uncompressed, the NarHash check at the end of the stream notices first.
            all.add(new Case(c + " NAR truncated", null, c, Damage.TRUNCATED, c.equals("none") ? "NarHash" : "truncated"));
            all.add(new Case(c + " NAR garbage", null, c, Damage.GARBAGE, c.equals("none") ? "NAR" : "corrupt"));
            all.add(new Case(c + " NAR past its NarSize", null, c, Damage.BOMB, "larger than its NarSize"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedNamingThePathAndTheCache(Case bad) throws IOException {
        byte[] nar = TestNars.regularFile("x".repeat(bad.damage() == Damage.BOMB ? 1 << 20 : 5000));
        long narSize = bad.damage() == Damage.BOMB ? 4096 : nar.length;
        Digest narHash = Digest.ofBytes(nar);
        byte[] file = compress(bad.compression(), nar);
        if (bad.damage() == Damage.TRUNCATED) file = Arrays.copyOf(file, file.length / 2);
        if (bad.damage() == Damage.GARBAGE) {
            file = new byte[4096];
            new Random(7).nextBytes(file);
        }
        StringBuilder narinfo = new StringBuilder();
        String[] lines = {"StorePath: " + PATH, "URL: nar/x.nar", "Compression: " + bad.compression(),
            "NarHash: " + NarHash.toNixBase32(narHash), "NarSize: " + narSize, "References: "};
        String editKey = bad.narinfoEdit() == null ? null : bad.narinfoEdit().substring(0, bad.narinfoEdit().indexOf(':'));
        boolean replaced = false;
        for (String line : lines) {
            if (editKey != null && line.startsWith(editKey + ":")) {
                narinfo.append(bad.narinfoEdit()).append('\n');
                replaced = true;
            } else {
                narinfo.append(line).append('\n');
            }
        }
        if (editKey != null && !replaced) narinfo.append(bad.narinfoEdit()).append('\n');
        MemoryCache cache = new MemoryCache();
        cache.files.put(PATH.hash() + ".narinfo", narinfo.toString().getBytes(StandardCharsets.UTF_8));
        cache.files.put("nar/x.nar", file);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CacheStorePathContents source = new CacheStorePathContents(cache, new TrustPolicy(List.of(), true), new CacheMeters(meters));
        assertThatThrownBy(() -> source.accept(PATH, narHash, narSize, new Drain()))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains(PATH.toString()).contains(bad.mustSay())
                            .doesNotContainPattern("\\b[A-Z]\\w*(Exception|Error)\\b").doesNotContain("\n");
                    if (bad.narinfoEdit() == null || bad.narinfoEdit().startsWith("URL")) assertThat(e.getMessage()).contains(cache.describe());
                });
        // counted as one refused fetch and one verification failure (no URL or path in any tag)
        assertThat(meters.get("stowage.binary.cache.fetches").tag("outcome", "refused").counter().count()).isEqualTo(1);
        assertThat(meters.find("stowage.binary.cache.fetches").counters()).hasSize(1);
        assertThat(meters.find("stowage.binary.cache.verification.failures").counters()).singleElement()
                .satisfies(c -> assertThat(c.count()).isEqualTo(1))
                .satisfies(c -> assertThat(c.getId().getTag("reason")).isIn("narinfo", "signature", "hash", "nar"));
    }

    private static byte[] compress(String compression, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (compression) {
            case "zstd" -> new ZstdOutputStream(out);
            case "xz" -> new XZOutputStream(out, new LZMA2Options());
            case "bzip2" -> new BZip2CompressorOutputStream(out);
            default -> out;
        }) {
            c.write(data);
        }
        return out.toByteArray();
    }

    private static final class Drain implements FileSystemObjectVisitor {
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
