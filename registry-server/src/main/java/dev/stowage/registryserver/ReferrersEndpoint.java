package dev.stowage.registryserver;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaTypes;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /v2/<name>/referrers/<digest>[?artifactType=T]}: an OCI index of the artifacts attached
 * to the subject (an empty index when there are none, as the spec asks); a filter is reported in
 * {@code OCI-Filters-Applied}.
 */
final class ReferrersEndpoint implements Endpoint {
    private final Names names;
    private final Referrers referrers;

    ReferrersEndpoint(Names names, Referrers referrers) {
        this.names = names;
        this.referrers = referrers;
    }

    @Override
    public void answer(HttpServerRequest req, Route route) throws IOException {
        var subject = Digests.parse(route.argument());
        names.resolve(route.name());
        List<Descriptor> found = referrers.of(subject);
        String type = req.getParam("artifactType");
        if (type != null) {
            found = found.stream().filter(d -> type.equals(d.artifactType())).toList();
            req.response().putHeader("OCI-Filters-Applied", "artifactType");
        }
        Bodies.end(req, MediaTypes.OCI_INDEX, ReferrersIndex.bytes(found));
    }
}
