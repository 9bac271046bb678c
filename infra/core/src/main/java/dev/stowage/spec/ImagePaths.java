package dev.stowage.spec;

/** Absolute paths inside an image: normalised, no {@code .} or {@code ..} components. */
public final class ImagePaths {
    private ImagePaths() {}

    public static String normalise(String path, String what) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException(what + " must be an absolute path, got '" + path + "'");
        String p = path.replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        for (String part : p.split("/")) {
            if (part.equals(".") || part.equals("..")) throw new IllegalArgumentException(what + " must not contain . or ..: '" + path + "'");
            if (part.indexOf('\0') >= 0) throw new IllegalArgumentException(what + " must not contain NUL");
        }
        if (p.equals("/")) throw new IllegalArgumentException(what + " must not be / itself");
        return p;
    }
}
