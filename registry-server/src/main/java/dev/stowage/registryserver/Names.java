package dev.stowage.registryserver;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Resolves a name through the sources in order; a name none knows is {@link ErrorCode#NAME_UNKNOWN}. */
public final class Names {
    private final List<ImageSource> sources;

    public Names(List<ImageSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public Repository resolve(RepositoryName name) throws IOException {
        for (ImageSource s : sources) {
            Optional<Repository> r = s.find(name);
            if (r.isPresent()) return r.get();
        }
        throw new DistributionException(ErrorCode.NAME_UNKNOWN, "repository name not known to registry: " + name);
    }
}
