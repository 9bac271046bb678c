package dev.stowage.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an OCI image layout the way a runtime would, for assertions: the index's image manifests
 * (artifacts left out), each image's config and layers, and every layer's tar entries with type,
 * mode, owner, link target and the sha256 of the content.
 */
public final class OciLayouts {
    private OciLayouts() {}

    /** One tar entry: name without leading {@code ./} or trailing slash; type {@code d}, {@code f} or {@code l}. */
    public record Entry(String name, char type, int mode, long uid, long gid, String link, String sha256) {
        @Override
        public String toString() {
            return type + " " + String.format("%04o", mode) + " " + uid + ":" + gid + " " + name + (link.isEmpty() ? "" : " -> " + link)
                    + (sha256.isEmpty() ? "" : " " + sha256.substring(0, 12));
        }
    }

    /** An image of the layout: its platform descriptor, manifest and config. */
    public record Image(JsonNode descriptor, JsonNode manifest, JsonNode config) {
        public String platform() {
            JsonNode p = descriptor.get("platform");
            return p.get("os").asText() + "/" + p.get("architecture").asText();
        }
    }

    public static List<Image> images(Path layout) throws IOException {
        List<Image> out = new ArrayList<>();
        for (JsonNode d : Json.tree(layout.resolve("index.json")).get("manifests")) {
            JsonNode node = blobJson(layout, d.get("digest").asText());
            if (node.has("manifests")) { // a nested index (Stowage's layout holds the image index under the tag)
                for (JsonNode m : node.get("manifests")) {
                    if (m.has("platform")) out.add(image(layout, m));
                }
            } else if (d.has("platform") && !d.has("artifactType")) {
                out.add(image(layout, d));
            }
        }
        return out;
    }

    private static Image image(Path layout, JsonNode descriptor) throws IOException {
        JsonNode manifest = blobJson(layout, descriptor.get("digest").asText());
        return new Image(descriptor, manifest, blobJson(layout, manifest.get("config").get("digest").asText()));
    }

    public static JsonNode blobJson(Path layout, String digest) throws IOException {
        return Json.tree(blob(layout, digest));
    }

    public static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    /** The entries of every layer of an image, in order. */
    public static List<List<Entry>> layers(Path layout, Image image) throws IOException {
        List<List<Entry>> out = new ArrayList<>();
        for (JsonNode l : image.manifest().get("layers")) {
            Path blob = blob(layout, l.get("digest").asText());
            boolean gzip = l.get("mediaType").asText().endsWith("+gzip");
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(blob))) {
                out.add(entries(gzip ? new GZIPInputStream(raw) : raw));
            }
        }
        return out;
    }

    /** The entries of an uncompressed tar. */
    public static List<Entry> entries(InputStream tar) throws IOException {
        List<Entry> out = new ArrayList<>();
        TarArchiveInputStream t = new TarArchiveInputStream(tar);
        for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
            String name = e.getName();
            while (name.startsWith("./")) name = name.substring(2);
            while (name.endsWith("/")) name = name.substring(0, name.length() - 1);
            if (name.isEmpty() || name.equals(".")) continue;
            char type = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'f';
            String sha = type == 'f' ? sha256(t.readAllBytes()) : "";
            out.add(new Entry(name, type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), type == 'l' ? e.getLinkName() : "", sha));
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
