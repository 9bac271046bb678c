package dev.stowage.event;

import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.spec.FakeNss;
import dev.stowage.spec.FileSpec;
import dev.stowage.spec.PermSpec;
import java.util.Comparator;
import java.util.List;

/**
 * What goes into an image's customisation layer (the last layer, as in dockerTools): links of the
 * {@code copyToRoot} paths' contents into {@code /}, literal files, fake NSS files, {@code /tmp},
 * the optional {@code /usr/bin/env}, {@code /bin/sh} and CA bundle links, and the Nix database
 * registering {@code registeredPaths} when not empty. {@code perms} adjust the entries last.
 * With {@code tar} (a dockerTools customisation layer's {@code layer.tar}, an uncompressed tar in
 * the blob store) the layer is exactly those bytes, only compressed, and nothing else is added.
 */
public record CustomisationContent(
        List<StorePath> copyToRoot,
        List<FileSpec> files,
        List<PermSpec> perms,
        FakeNss fakeNss,
        boolean tmpDirs,
        boolean usrBinEnv,
        boolean binSh,
        boolean caBundle,
        boolean nixDatabase,
        List<PathInfo> registeredPaths,
        Descriptor tar) {

    public CustomisationContent(List<StorePath> copyToRoot, List<FileSpec> files, List<PermSpec> perms, FakeNss fakeNss, boolean tmpDirs,
            boolean usrBinEnv, boolean binSh, boolean caBundle, boolean nixDatabase, List<PathInfo> registeredPaths) {
        this(copyToRoot, files, perms, fakeNss, tmpDirs, usrBinEnv, binSh, caBundle, nixDatabase, registeredPaths, null);
    }

    public CustomisationContent {
        copyToRoot = List.copyOf(copyToRoot);
        files = List.copyOf(files);
        perms = List.copyOf(perms);
        registeredPaths = registeredPaths.stream().sorted(Comparator.comparing(PathInfo::path)).toList();
    }
}
