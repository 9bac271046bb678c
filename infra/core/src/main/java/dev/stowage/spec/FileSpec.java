package dev.stowage.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A literal entry of the customisation layer: a file (from {@code text}, or {@code source}, a file
 * relative to the spec, read when the spec is loaded into {@code contents}), a directory or a
 * symlink. Mode is octal text ({@code "0644"}); owner defaults to 0:0.
 */
public record FileSpec(String path, Type type, String text, String source, String contents, String target,
        String mode, Integer uid, Integer gid) {

    public enum Type {
        FILE, DIRECTORY, SYMLINK;

        @JsonCreator
        public static Type parse(String s) {
            for (Type t : values()) if (t.id().equals(s)) return t;
            throw new IllegalArgumentException("type must be file, directory or symlink; got '" + s + "'");
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FileSpec {
        path = ImagePaths.normalise(path, "files[].path");
        type = type == null ? Type.FILE : type;
        int given = (text != null ? 1 : 0) + (source != null ? 1 : 0) + (contents != null ? 1 : 0);
        switch (type) {
            case FILE -> {
                if (given > 1) throw new IllegalArgumentException(path + ": give one of text or source");
                if (target != null) throw new IllegalArgumentException(path + ": target is only for symlinks");
            }
            case DIRECTORY -> {
                if (given > 0 || target != null) throw new IllegalArgumentException(path + ": a directory has no content or target");
            }
            case SYMLINK -> {
                if (given > 0) throw new IllegalArgumentException(path + ": a symlink has a target, not content");
                if (target == null || target.isEmpty()) throw new IllegalArgumentException(path + ": a symlink needs a target");
                if (target.indexOf('\0') >= 0) throw new IllegalArgumentException(path + ": a symlink target must not contain NUL");
            }
        }
        Modes.parse(mode == null ? "0" : mode, path + ": mode");
        Ids.check(uid, path + ": uid");
        Ids.check(gid, path + ": gid");
    }

    /** The file's bytes (empty for a file without content). */
    public byte[] bytes() {
        if (contents != null) return Base64.getDecoder().decode(contents);
        if (text != null) return text.getBytes(StandardCharsets.UTF_8);
        return new byte[0];
    }

    public int modeBits() {
        if (mode != null) return Modes.parse(mode, path + ": mode");
        return switch (type) {
            case FILE -> 0644;
            case DIRECTORY -> 0755;
            case SYMLINK -> 0777;
        };
    }

    /** This entry with {@code source} replaced by the bytes read from it. */
    public FileSpec withContents(byte[] bytes) {
        return new FileSpec(path, type, null, null, Base64.getEncoder().encodeToString(bytes), target, mode, uid, gid);
    }
}
