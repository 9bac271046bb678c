package dev.stowage.spec.dockertools;

import dev.stowage.spec.FileSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads dockerTools' customisation layer — a directory holding {@code layer.tar} and
 * {@code checksum} (its sha256, hex) — into customisation entries: every directory, file and
 * symlink with its mode and owner. The checksum must match the tar. Hard links, devices and
 * FIFOs are refused (nixpkgs tars with {@code --hard-dereference}).
 */
public final class CustomisationTar {
    /** Why the layer cannot be read: a message naming the file or entry. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private CustomisationTar() {}

    public static List<FileSpec> read(Path dir) throws Invalid {
        Path tar = dir.resolve("layer.tar");
        Path checksumFile = dir.resolve("checksum");
        if (!Files.isRegularFile(tar)) throw new Invalid(tar + " does not exist (a streamLayeredImage customisation layer holds layer.tar and checksum)");
        try {
            String expected = Files.isRegularFile(checksumFile) ? Files.readString(checksumFile, StandardCharsets.US_ASCII).strip() : null;
            if (expected == null) throw new Invalid(checksumFile + " does not exist");
            if (!expected.matches("[0-9a-f]{64}")) throw new Invalid(checksumFile + " is not a sha256 in hex");
            String actual = sha256(tar);
            if (!actual.equals(expected)) throw new Invalid(checksumFile + " says sha256:" + expected + " but layer.tar is sha256:" + actual);
            return entries(tar);
        } catch (IOException e) {
            throw new Invalid("cannot read " + tar + ": " + e.getMessage());
        }
    }

    private static String sha256(Path file) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static List<FileSpec> entries(Path tar) throws IOException, Invalid {
        List<FileSpec> out = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar)); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                String path = normalise(e.getName());
                if (path == null) continue; // "./": the root itself
                try {
                    out.add(entry(t, e, path));
                } catch (IllegalArgumentException bad) {
                    throw new Invalid("layer.tar entry " + e.getName() + ": " + bad.getMessage());
                }
            }
        }
        return out;
    }

    /** One tar entry as a customisation entry with its mode and owner. */
    private static FileSpec entry(TarArchiveInputStream t, TarArchiveEntry e, String path) throws IOException, Invalid {
        String mode = String.format("%04o", e.getMode() & 07777);
        int uid = (int) e.getLongUserId();
        int gid = (int) e.getLongGroupId();
        if (e.isLink()) throw new Invalid("layer.tar entry " + e.getName() + " is a hard link (Stowage writes files, directories and symlinks only)");
        if (e.isDirectory()) return new FileSpec(path, FileSpec.Type.DIRECTORY, null, null, null, null, mode, uid, gid);
        if (e.isSymbolicLink()) return new FileSpec(path, FileSpec.Type.SYMLINK, null, null, null, e.getLinkName(), null, uid, gid);
        boolean special = e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO();
        if (!special && e.isFile()) {
            String contents = Base64.getEncoder().encodeToString(t.readAllBytes());
            return new FileSpec(path, FileSpec.Type.FILE, null, null, contents, null, mode, uid, gid);
        }
        throw new Invalid("layer.tar entry " + e.getName() + " is neither a file, a directory nor a symlink (Stowage writes only those)");
    }

    /** {@code ./bin/} → {@code /bin}; the root entry gives null. */
    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        if (n.startsWith("/")) n = n.substring(1);
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n.isEmpty() || n.equals(".") ? null : "/" + n;
    }
}
