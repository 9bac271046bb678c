package dev.stowage.nix.cache;

import dev.stowage.nix.NarHash;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.util.ArrayList;
import java.util.List;

/** A binary cache's {@code <hash>.narinfo}: where the NAR is, how it is compressed, what it must hash to. */
public record NarInfo(StorePath storePath, String url, String compression, Digest fileHash, long fileSize, Digest narHash,
        long narSize, List<StorePath> references, String deriver, List<String> sigs, String ca) {

    public NarInfo {
        references = List.copyOf(references);
        sigs = List.copyOf(sigs);
    }

    /**
     * The URL of the NAR file must stay inside the cache: a relative path such as
     * {@code nar/<hash>.nar.xz}, without a scheme, host, leading slash, {@code .}/{@code ..} segments,
     * query, fragment, backslash or control characters.
     */
    static String relativeUrl(String url) {
        if (url.isEmpty() || url.startsWith("/") || url.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") || url.contains("//")) {
            throw new IllegalArgumentException("URL '" + url + "' leaves the cache (only a path relative to the cache is allowed)");
        }
        for (char c : url.toCharArray()) {
            if (c < 0x21 || c == 0x7f || c == '\\' || c == '?' || c == '#' || c == '%') {
                throw new IllegalArgumentException("URL '" + url.replaceAll("\\p{Cntrl}", "?") + "' has a character not allowed in a cache path");
            }
        }
        for (String segment : url.split("/")) {
            if (segment.equals("..") || segment.equals(".")) throw new IllegalArgumentException("URL '" + url + "' leaves the cache ('" + segment + "' segment)");
        }
        return url;
    }

    private static long size(String key, String value) {
        if (!value.matches("[0-9]{1,18}")) throw new IllegalArgumentException(key + " '" + value + "' is not a size in bytes");
        return Long.parseLong(value);
    }

    /** Parses narinfo text; {@code storeDir} resolves the basenames of References. */
    public static NarInfo parse(String text, String storeDir) {
        StorePath path = null;
        String url = null;
        String compression = "bzip2";
        Digest fileHash = null;
        long fileSize = -1;
        Digest narHash = null;
        long narSize = -1;
        List<StorePath> references = new ArrayList<>();
        String deriver = null;
        List<String> sigs = new ArrayList<>();
        String ca = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            int colon = line.indexOf(": ");
            if (colon <= 0) throw new IllegalArgumentException("narinfo line is not 'Key: value': '" + line + "'");
            String key = line.substring(0, colon);
            String value = line.substring(colon + 2).trim();
            switch (key) {
                case "StorePath" -> path = StorePath.parse(value);
                case "URL" -> url = relativeUrl(value);
                case "Compression" -> compression = value;
                case "FileHash" -> fileHash = NarHash.parse(value);
                case "FileSize" -> fileSize = size(key, value);
                case "NarHash" -> narHash = NarHash.parse(value);
                case "NarSize" -> narSize = size(key, value);
                case "References" -> {
                    for (String ref : value.split(" ")) if (!ref.isEmpty()) references.add(StorePath.ofBaseName(storeDir, ref));
                }
                case "Deriver" -> deriver = value;
                case "Sig" -> sigs.add(value);
                case "CA" -> ca = value;
                default -> { } // System, etc.: not needed
            }
        }
        if (path == null || url == null || narHash == null || narSize < 0) {
            throw new IllegalArgumentException("narinfo lacks StorePath, URL, NarHash or NarSize");
        }
        if (!path.storeDir().equals(storeDir)) throw new IllegalArgumentException(path + " is not in store " + storeDir);
        return new NarInfo(path, url, compression, fileHash, fileSize, narHash, narSize, references, deriver, sigs, ca);
    }

    /** What a {@code Sig:} signs: {@code 1;<path>;<narHash base32>;<narSize>;<comma-separated reference paths>}. */
    public String fingerprint() {
        return "1;" + storePath + ";" + NarHash.toNixBase32(narHash) + ";" + narSize + ";"
                + String.join(",", references.stream().map(StorePath::toString).sorted().toList());
    }
}
