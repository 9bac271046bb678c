package dev.stowage.nix.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A binary cache's {@code nix-cache-info}: its store directory, mass-query support and priority. */
public record NixCacheInfo(String storeDir, boolean wantMassQuery, int priority) {
    public static NixCacheInfo parse(String text) {
        String storeDir = null;
        boolean massQuery = false;
        int priority = 50;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon <= 0) continue;
            String value = line.substring(colon + 2).trim();
            switch (line.substring(0, colon)) {
                case "StoreDir" -> storeDir = value;
                case "WantMassQuery" -> massQuery = value.equals("1");
                case "Priority" -> {
                    try {
                        priority = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("nix-cache-info Priority is not a number: '" + value + "'");
                    }
                }
                default -> { }
            }
        }
        if (storeDir == null) throw new IllegalArgumentException("nix-cache-info has no StoreDir");
        return new NixCacheInfo(storeDir, massQuery, priority);
    }

    /** Reads and checks a cache's info: it must serve {@code storeDir}. */
    public static NixCacheInfo of(BinaryCache cache, String storeDir) throws IOException {
        byte[] text = cache.read("nix-cache-info")
                .orElseThrow(() -> new IllegalArgumentException(cache.describe() + " has no nix-cache-info (not a binary cache?)"));
        NixCacheInfo info = parse(new String(text, StandardCharsets.UTF_8));
        if (!info.storeDir().equals(storeDir)) {
            throw new IllegalArgumentException(cache.describe() + " serves store " + info.storeDir() + ", the spec's storeDir is " + storeDir);
        }
        return info;
    }
}
