package dev.stowage.it.harness;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small real images in a blob store, for tests of anything that reads images: layers made with
 * commons-compress (gzip, zstd or none), an OCI config, a manifest per platform and an index.
 * File contents are UTF-8 strings; a value starting with {@code "->"} makes a symlink to the
 * rest. Everything is deterministic: the same calls give the same digests.
 */
public final class TestImages {
    public static final Instant CREATED = Instant.parse("1970-01-01T00:00:01Z");
    public static final Platform AMD64 = Platform.parse("linux/amd64");
    public static final Platform ARM64 = Platform.parse("linux/arm64");

    /** A layer blob in the store, its diffID and tar size, and the files it holds (path → content). */
    public record Layer(Descriptor blob, Digest diffId, long uncompressedSize, Map<String, String> files) {}

    /** A built image: its index descriptor, per-platform manifest descriptors, and its layers. */
    public record Image(Descriptor index, Map<Platform, Descriptor> manifests, List<Layer> layers) {
        /** Uncompressed sizes by diffID, as the pipeline's LayerBuilt events carry them. */
        public Map<Digest, Long> uncompressedSizes() {
            Map<Digest, Long> m = new HashMap<>();
            for (Layer l : layers) m.put(l.diffId(), l.uncompressedSize());
            return m;
        }

        /** Every file of the image as unpacked (later layers win): path → content or "->target". */
        public Map<String, String> files() {
            Map<String, String> m = new TreeMap<>();
            for (Layer l : layers) m.putAll(l.files());
            return m;
        }

        /** Fails unless {@code rootfs} (an unpacked bundle's rootfs) holds every file with its content, link target and mode. */
        public void assertUnpackedIn(Path rootfs) throws IOException {
            for (Map.Entry<String, String> f : files().entrySet()) {
                Path p = rootfs.resolve(f.getKey());
                String expected = f.getValue();
                String actual = expected.startsWith("->")
                        ? "->" + Files.readSymbolicLink(p)
                        : Files.readString(p, StandardCharsets.UTF_8);
                if (!actual.equals(expected)) throw new AssertionError(f.getKey() + ": expected '" + expected + "', got '" + actual + "'");
                boolean exec = Files.isExecutable(p);
                if (!expected.startsWith("->") && exec != f.getKey().startsWith("bin/")) {
                    throw new AssertionError(f.getKey() + ": executable is " + exec);
                }
            }
        }
    }

    private final BlobStore store;

    public TestImages(BlobStore store) {
        this.store = store;
    }

    /** A layer with the given files (directories are created as needed, entries sorted). */
    public Layer layer(Compression compression, Map<String, String> files) {
        try {
            byte[] tar = tar(new TreeMap<>(files));
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            try (OutputStream c = compressor(compression, blob)) {
                c.write(tar);
            }
            Digest d = store.put(blob.toByteArray()).digest();
            return new Layer(Descriptor.of(compression.layerMediaType(), d, blob.size()), Digest.ofBytes(tar), tar.length, Map.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Config and manifest of one platform; returns the manifest descriptor with its platform set. */
    public Descriptor manifest(Platform platform, List<Layer> layers, Map<String, String> annotations) {
        List<Digest> diffIds = layers.stream().map(Layer::diffId).toList();
        List<ImageConfig.History> history = new ArrayList<>();
        for (Layer l : layers) history.add(new ImageConfig.History(CREATED, "test layer " + l.diffId().shortHex(), null, false));
        ContainerConfig cc = new ContainerConfig(List.of("PATH=/bin"), List.of("/bin/hello"), null, null, null, null, null, null, null);
        ImageConfig config = new ImageConfig(CREATED, platform.architecture(), platform.os(), platform.variant(), cc,
                ImageConfig.RootFs.layers(diffIds), history);
        Descriptor configDesc = put(MediaTypes.OCI_CONFIG, Json.canonicalBytes(config));
        ImageManifest manifest = ImageManifest.oci(configDesc, layers.stream().map(Layer::blob).toList(), annotations);
        return put(MediaTypes.OCI_MANIFEST, Json.canonicalBytes(manifest)).withPlatform(platform);
    }

    /** An image with the same layers on every given platform, index annotated with ref.name = tag. */
    public Image image(String tag, List<Layer> layers, Platform... platforms) {
        Map<String, String> annotations = Map.of(Annotations.CREATED, CREATED.toString(), "org.example.test", "yes");
        Map<Platform, Descriptor> manifests = new TreeMap<>();
        for (Platform p : platforms) manifests.put(p, manifest(p, layers, annotations));
        Map<String, String> indexAnnotations = new TreeMap<>(annotations);
        indexAnnotations.put(Annotations.REF_NAME, tag);
        ImageIndex index = ImageIndex.oci(List.copyOf(manifests.values()), indexAnnotations);
        return new Image(put(MediaTypes.OCI_INDEX, Json.canonicalBytes(index)), manifests, List.copyOf(layers));
    }

    /** Three layers: gzip, gzip with a symlink and an executable, and the given compression for the last. */
    public Image threeLayers(String tag, String salt, Compression last, Platform... platforms) {
        Layer a = layer(Compression.GZIP, Map.of("etc/os-release", "ID=stowage-test\n", "etc/motd", "hello " + salt + "\n"));
        Layer b = layer(Compression.GZIP, Map.of("bin/hello", "#!/bin/sh\necho hello\n", "bin/hi", "->hello"));
        Layer c = layer(last, Map.of("usr/share/doc/readme.txt", "readme " + salt + "\n".repeat(3), "usr/share/data.bin", "x".repeat(70_000)));
        return image(tag, List.of(a, b, c), platforms);
    }

    private Descriptor put(String mediaType, byte[] bytes) {
        try {
            return Descriptor.of(mediaType, store.put(bytes).digest(), bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutputStream compressor(Compression c, OutputStream sink) throws IOException {
        return switch (c) {
            case GZIP -> new GZIPOutputStream(sink);
            case ZSTD -> new ZstdOutputStream(sink);
            case NONE -> sink;
        };
    }

    private static byte[] tar(TreeMap<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new TreeSet<>();
            for (String path : files.keySet()) {
                for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) dirs.add(path.substring(0, i + 1));
            }
            for (String dir : dirs) put(tar, new TarArchiveEntry(dir), 040755, null);
            for (Map.Entry<String, String> f : files.entrySet()) {
                String v = f.getValue();
                if (v.startsWith("->")) {
                    TarArchiveEntry e = new TarArchiveEntry(f.getKey(), TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(v.substring(2));
                    put(tar, e, 0120777, null);
                } else {
                    put(tar, new TarArchiveEntry(f.getKey()), f.getKey().startsWith("bin/") ? 0100755 : 0100644,
                            v.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, int mode, byte[] content) throws IOException {
        e.setMode(mode);
        e.setModTime(1000L);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
        if (content != null) e.setSize(content.length);
        tar.putArchiveEntry(e);
        if (content != null) tar.write(content);
        tar.closeArchiveEntry();
    }
}
