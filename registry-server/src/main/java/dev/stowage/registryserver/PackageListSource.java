package dev.stowage.registryserver;

import dev.stowage.error.BadInputException;
import dev.stowage.error.FailureText;
import dev.stowage.oci.Digest;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names as package lists ({@link PackageList}) against the package index: a name whose every
 * package is in the index is a repository with the one tag {@code latest}, built on demand at its
 * first manifest pull. The index is pinned for the process's life, so a list's resolved input
 * (the closure walked from the cache) is kept in memory.
 */
public final class PackageListSource implements ImageSource {
    private final PackageSpecs specs;
    private final OnDemandBuilds builds;
    private final Map<PackageList, BuildInput> inputs = new ConcurrentHashMap<>();

    public PackageListSource(PackageSpecs specs, OnDemandBuilds builds) {
        this.specs = specs;
        this.builds = builds;
    }

    @Override
    public Optional<Repository> find(RepositoryName name) {
        PackageList list = PackageList.parse(name);
        specs.platforms(list);
        return Optional.of(new Repository() {
            @Override
            public List<String> tags() {
                return List.of(PackageSpecs.TAG);
            }

            @Override
            public Optional<Digest> resolve(String tag) throws IOException {
                if (!tag.equals(PackageSpecs.TAG)) return Optional.empty();
                return Optional.of(builds.index(input(list), list.canonicalName()));
            }

            @Override
            public Optional<Digest> peek(String tag) throws IOException {
                return tag.equals(PackageSpecs.TAG) ? builds.existing(input(list)) : Optional.empty();
            }
        });
    }

    private BuildInput input(PackageList list) {
        BuildInput known = inputs.get(list);
        if (known != null) return known;
        BuildInput input;
        try {
            input = specs.input(list);
        } catch (BadInputException e) {
            throw new DistributionException(ErrorCode.MANIFEST_UNKNOWN, "cannot resolve " + list.canonicalName() + ": " + FailureText.line(e));
        }
        inputs.put(list, input);
        return input;
    }
}
