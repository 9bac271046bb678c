package dev.stowage.nix.db;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.spec.FileSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code initializeNixDatabase} adds to an image's customisation layer: the generated
 * store paths (root profile and its manifest) and the literal files (the database registering the
 * closure plus the generated paths, the profile links).
 */
public record NixImageState(List<GeneratedStorePath> storePaths, List<FileSpec> files) {
    public NixImageState {
        storePaths = List.copyOf(storePaths);
        files = List.copyOf(files);
    }

    /**
     * @param profilePackages the root profile's packages (each in {@code closure}), in priority order
     * @param registrationTime seconds since the epoch, the image's mtime
     */
    public static NixImageState build(ClosureGraph closure, List<StorePath> profilePackages, String system,
            PackageListing listing, long registrationTime, Path tempDir) throws IOException {
        if (closure.size() == 0) throw new IllegalArgumentException("the closure is empty");
        String storeDir = closure.paths().iterator().next().storeDir();
        for (StorePath p : profilePackages) closure.require(p);
        RootProfile.Result profile = new RootProfile(listing)
                .generate(storeDir, NixDatabaseWriter.DEFAULT_STATE_DIR, profilePackages, system);
        List<ValidPath> valid = new ArrayList<>();
        for (PathInfo info : closure.infos()) valid.add(ValidPath.of(info));
        for (GeneratedStorePath g : profile.storePaths()) {
            if (!closure.contains(g.path())) valid.add(g.validPath());
        }
        List<FileSpec> files = new ArrayList<>(new NixDatabaseWriter(tempDir)
                .write(NixDatabaseWriter.DEFAULT_STATE_DIR, valid, registrationTime));
        files.addAll(profile.links());
        return new NixImageState(profile.storePaths(), files);
    }
}
