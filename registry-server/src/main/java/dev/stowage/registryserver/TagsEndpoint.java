package dev.stowage.registryserver;

import dev.stowage.json.Json;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v2/<name>/tags/list[?n=N&last=T]}: the name's tags, sorted, paginated as the distribution spec says. */
final class TagsEndpoint implements Endpoint {
    private final Names names;

    TagsEndpoint(Names names) {
        this.names = names;
    }

    @Override
    public void answer(HttpServerRequest req, Route route) throws IOException {
        List<String> tags = names.resolve(route.name()).tags().stream().sorted().toList();
        String last = req.getParam("last");
        if (last != null) tags = tags.stream().filter(t -> t.compareTo(last) > 0).toList();
        String n = req.getParam("n");
        if (n != null) {
            int limit;
            try {
                limit = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0) throw new DistributionException(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a non-negative number, got '" + n + "'");
            if (tags.size() > limit) {
                tags = tags.subList(0, limit);
                if (limit > 0) req.response().putHeader("Link", "</v2/" + route.name() + "/tags/list?n=" + limit + "&last=" + tags.get(limit - 1) + ">; rel=\"next\"");
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", route.name().value());
        body.put("tags", tags);
        Bodies.end(req, "application/json", Json.canonicalBytes(body));
    }
}
