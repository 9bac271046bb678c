package dev.stowage.nix.db;

import dev.stowage.nix.GeneratedTree;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePaths;
import dev.stowage.spec.FileSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Root's default profile as the Lix image's {@code baseSystem} makes it, computed without Nix: a
 * {@code manifest.nix} text store path listing the packages, and a {@code user-environment}
 * source store path merging the packages like {@code buildEnv} (an entry provided by one package
 * is a symlink into it; a directory provided by several is made and merged recursively; otherwise
 * the first package wins) with {@code manifest.nix} a symlink to the manifest store path, which
 * {@code nix profile} requires. Plus the profile links {@code default-1-link}, {@code default}
 * and {@code /root/.nix-profile}.
 */
public final class RootProfile {
    public static final String MANIFEST_NAME = "manifest.nix";
    public static final String PROFILE_NAME = "user-environment";

    /** The generated store paths (manifest first) and the links to write into the image. */
    public record Result(GeneratedStorePath manifest, GeneratedStorePath profile, List<FileSpec> links) {
        public Result {
            links = List.copyOf(links);
        }

        public List<GeneratedStorePath> storePaths() {
            return List.of(manifest, profile);
        }
    }

    private final PackageListing listing;

    public RootProfile(PackageListing listing) {
        this.listing = listing;
    }

    /**
     * @param stateDir e.g. {@code /nix/var/nix}
     * @param packages the profile's packages, in priority order
     * @param system the packages' platform, e.g. {@code x86_64-linux}
     */
    public Result generate(String storeDir, String stateDir, List<StorePath> packages, String system) throws IOException {
        for (StorePath p : packages) {
            if (!p.storeDir().equals(storeDir)) throw new IllegalArgumentException("package " + p + " is not in " + storeDir);
        }
        List<StorePath> distinct = packages.stream().distinct().toList();
        byte[] manifestText = ManifestNix.render(distinct, system);
        StorePath manifestPath = StorePaths.text(storeDir, MANIFEST_NAME, manifestText, distinct);
        GeneratedTree.File manifestTree = new GeneratedTree.File(manifestText, false);
        GeneratedTree.Nar manifestNar = manifestTree.nar();
        GeneratedStorePath manifest = new GeneratedStorePath(
                new PathInfo(manifestPath, manifestNar.hash(), manifestNar.size(), distinct),
                StorePaths.textContentAddress(manifestText), manifestTree);

        TreeSet<StorePath> references = new TreeSet<>();
        Map<String, GeneratedTree> top = merge(distinct, "", references);
        top.put(MANIFEST_NAME, new GeneratedTree.Symlink(manifestPath.toString()));
        references.add(manifestPath);
        GeneratedTree.Directory profileTree = GeneratedTree.Directory.of(top);
        GeneratedTree.Nar profileNar = profileTree.nar();
        StorePath profilePath = StorePaths.source(storeDir, PROFILE_NAME, profileNar.hash(), references);
        GeneratedStorePath profile = new GeneratedStorePath(
                new PathInfo(profilePath, profileNar.hash(), profileNar.size(), List.copyOf(references)),
                StorePaths.sourceContentAddress(profileNar.hash()), profileTree);

        String profiles = stateDir + "/profiles";
        List<FileSpec> links = List.of(
                link(profiles + "/default-1-link", profilePath.toString()),
                link(profiles + "/default", "default-1-link"),
                link("/root/.nix-profile", profiles + "/default"));
        return new Result(manifest, profile, links);
    }

    private Map<String, GeneratedTree> merge(List<StorePath> packages, String dir, TreeSet<StorePath> references) throws IOException {
        Map<String, List<StorePath>> providers = new LinkedHashMap<>();
        Map<String, Boolean> allDirectories = new TreeMap<>();
        for (StorePath pkg : packages) {
            for (PackageListing.Entry e : listing.list(pkg, dir)) {
                if (dir.isEmpty() && e.name().equals(MANIFEST_NAME)) continue;
                providers.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(pkg);
                allDirectories.merge(e.name(), e.directory(), Boolean::logicalAnd);
            }
        }
        Map<String, GeneratedTree> out = new TreeMap<>();
        for (Map.Entry<String, List<StorePath>> e : providers.entrySet()) {
            String name = e.getKey();
            String rel = dir.isEmpty() ? name : dir + "/" + name;
            List<StorePath> from = e.getValue();
            if (from.size() > 1 && allDirectories.get(name)) {
                out.put(name, GeneratedTree.Directory.of(merge(from, rel, references)));
            } else {
                out.put(name, new GeneratedTree.Symlink(from.get(0) + "/" + rel));
                references.add(from.get(0));
            }
        }
        return out;
    }

    private static FileSpec link(String path, String target) {
        return new FileSpec(path, FileSpec.Type.SYMLINK, null, null, null, target, "0777", 0, 0);
    }
}
