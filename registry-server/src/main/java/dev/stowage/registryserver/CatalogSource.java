package dev.stowage.registryserver;

import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The fleet's images: a repository name is a catalog image's name, either whole or without its
 * registry host ({@code registry.example:5000/team/app} is also {@code team/app}); its tags are the
 * tags its latest published builds carry, each pointing at the index that build published.
 */
public final class CatalogSource implements ImageSource {
    private final CatalogNames catalog;
    private final BuildHistory history;

    public CatalogSource(CatalogNames catalog, BuildHistory history) {
        this.catalog = catalog;
        this.history = history;
    }

    @Override
    public Optional<Repository> find(RepositoryName name) throws IOException {
        for (String image : catalog.names()) {
            if (image.equals(name.value()) || withoutHost(image).equals(name.value())) return Optional.of(new CatalogRepository(image));
        }
        return Optional.empty();
    }

    /** {@code host[:port]/path} without the host, as a Docker reference's first component is a host when it holds '.' or ':' or is localhost. */
    static String withoutHost(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) return image;
        return ImageName.isDockerHost(image.substring(0, slash)) ? image.substring(slash + 1) : image;
    }

    private final class CatalogRepository implements Repository {
        private final String image;

        CatalogRepository(String image) {
            this.image = image;
        }

        @Override
        public List<String> tags() throws IOException {
            return history.images().tagsOf(image);
        }

        @Override
        public Optional<Digest> resolve(String tag) throws IOException {
            return history.images().index(image, tag);
        }
    }
}
