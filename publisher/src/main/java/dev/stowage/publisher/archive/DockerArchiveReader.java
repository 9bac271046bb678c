package dev.stowage.publisher.archive;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The one reader of {@code docker load} archives, for merging them and for base images (plain or
 * gzip; a gzip one is unpacked to a temp file in {@code workDir} first): its {@code manifest.json}
 * entries, its optional {@code repositories} object and its regular files by name. Every file the
 * manifest names must be in the archive; every error is a {@link BadInputException} naming the
 * archive file.
 */
public final class DockerArchiveReader implements AutoCloseable {
    public static final String MANIFEST = "manifest.json";
    public static final String REPOSITORIES = "repositories";
    private final Path source;
    private final Path unpacked;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> files = new TreeMap<>();
    private final Map<String, String> links = new TreeMap<>();
    private final List<DockerArchiveManifest> images;
    private final Map<String, Map<String, String>> repositories;

    private DockerArchiveReader(Path source, Path unpacked, TarFile tar) throws IOException {
        this.source = source;
        this.unpacked = unpacked;
        this.tar = tar;
        for (TarArchiveEntry e : tar.getEntries()) {
            String name = normal(e.getName());
            if (e.isDirectory() || name.isEmpty()) continue;
            if (e.isSymbolicLink()) {
                links.put(name, e.getLinkName());
            } else if (e.isFile()) {
                files.put(name, e);
            } else {
                throw bad("entry " + e.getName() + " is not a regular file, directory or symbolic link");
            }
        }
        if (!files.containsKey(MANIFEST)) throw bad("has no manifest.json (not a docker-archive)");
        this.images = Arrays.asList(manifest(readSmall(MANIFEST)));
        if (images.isEmpty()) throw bad("manifest.json lists no image");
        for (DockerArchiveManifest image : images) {
            requireFile(image.config());
            image.layers().forEach(this::requireFile);
        }
        this.repositories = files.containsKey(REPOSITORIES) ? readRepositories() : Map.of();
    }

    /** The entries of manifest.json; JSON that is not a list of images names the archive and the member. */
    private DockerArchiveManifest[] manifest(byte[] json) {
        try {
            return Json.readLenient(json, DockerArchiveManifest[].class);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof JsonParseException p && p.getLocation() != null) {
                throw bad("manifest.json is not valid JSON (line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() + ")");
            }
            throw bad("manifest.json is not a JSON list of images with Config, RepoTags and Layers");
        }
    }

    /** Opens {@code source}; a gzip archive is unpacked into {@code workDir} (the system's temp folder when null). */
    public static DockerArchiveReader open(Path source, Path workDir) throws IOException {
        if (Files.isDirectory(source)) throw new BadInputException(source.toString(), "is a directory, not a docker archive");
        if (!Files.isRegularFile(source)) throw new BadInputException(source.toString(), "no such archive");
        Path unpacked = null;
        Path plain = source;
        if (gzip(source)) {
            unpacked = workDir == null ? Files.createTempFile(".stowage-archive-", ".tar") : Files.createTempFile(workDir, ".merge-", ".tar");
            try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(source)), true)) {
                Files.copy(in, unpacked, StandardCopyOption.REPLACE_EXISTING);
            }
            plain = unpacked;
        }
        TarFile tar;
        try {
            tar = new TarFile(plain);
        } catch (IOException e) {
            if (unpacked != null) Files.deleteIfExists(unpacked);
            throw new BadInputException(source.toString(), "not a tar archive: " + e.getMessage(), e);
        }
        try {
            return new DockerArchiveReader(source, unpacked, tar);
        } catch (RuntimeException | IOException e) {
            tar.close();
            if (unpacked != null) Files.deleteIfExists(unpacked);
            throw e;
        }
    }

    public Path source() {
        return source;
    }

    public List<DockerArchiveManifest> images() {
        return images;
    }

    public Map<String, Map<String, String>> repositories() {
        return repositories;
    }

    /** Names of the regular files and symbolic links, sorted, without manifest.json and repositories. */
    public List<String> contentNames() {
        TreeSet<String> names = new TreeSet<>(files.keySet());
        names.addAll(links.keySet());
        names.remove(MANIFEST);
        names.remove(REPOSITORIES);
        return List.copyOf(names);
    }

    /** The target of a symbolic link, or null for a regular file. */
    public String linkTarget(String name) {
        return links.get(name);
    }

    public long size(String name) {
        TarArchiveEntry e = files.get(normal(name));
        if (e == null) throw bad(name + " is not a regular file in the archive");
        return e.getSize();
    }

    public InputStream open(String name) throws IOException {
        TarArchiveEntry e = files.get(normal(name));
        if (e == null) throw bad(name + " is not a regular file in the archive");
        return tar.getInputStream(e);
    }

    /** What must be equal for two entries of one name to be the same: a link's target or a file's digest. */
    public String identity(String name) throws IOException {
        return links.containsKey(name) ? "link to " + links.get(name) : digest(name).toString();
    }

    private Digest digest(String name) throws IOException {
        MessageDigest sha = Digest.sha256();
        try (InputStream in = new DigestInputStream(open(name), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Digest.fromRaw(sha.digest());
    }

    public BadInputException bad(String what) {
        return new BadInputException(source.toString(), what);
    }

    private void requireFile(String name) {
        String n = normal(name);
        if (!files.containsKey(n) && !links.containsKey(n)) throw bad("manifest.json names " + name + ", which is not in the archive");
    }

    /** The bytes of a small member (a config, the manifest): at most 16 MiB. */
    public byte[] readSmall(String name) throws IOException {
        if (size(name) > 16 << 20) throw bad(name + " is larger than 16 MiB");
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    private Map<String, Map<String, String>> readRepositories() throws IOException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        JsonNode json = Json.reader().readTree(readSmall(REPOSITORIES));
        if (!json.isObject()) throw bad("repositories is not a JSON object");
        json.fields().forEachRemaining(repo -> {
            Map<String, String> tags = new TreeMap<>();
            repo.getValue().fields().forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
            out.put(repo.getKey(), tags);
        });
        return out;
    }

    public static String normal(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    @Override
    public void close() throws IOException {
        tar.close();
        if (unpacked != null) Files.deleteIfExists(unpacked);
    }
}
