package io.vigil.test;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.specification.RequestSpecification;
import io.vigil.events.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The role matrix of a service's admin API, taken from its OpenAPI document so that a new operation
 * is covered without touching a test: every operation under {@code /api} is called with every kind
 * of token. Tokens that are missing, expired, signed by a stranger or meant for another audience
 * get 401; a role below the operation's least role (and a token with no Vigil role) gets 403; the
 * least role and every role above it get past security. What they get then depends on the dummy
 * input (a random UUID or an unknown name in the path, an empty JSON object as the body): 200, or a
 * 400/404/409 problem — anything but 401 and 403. An operation that declares no roles is a failure,
 * unless it is listed as public.
 */
public final class RoleMatrix {

    /** The roles from least to most: each may do all the ones before it may. */
    private static final List<String> LADDER = List.of("viewer", "operator", "admin");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private RoleMatrix() {
    }

    /**
     * Walks every {@code /api} operation of the running service's {@code /q/openapi} (RestAssured's
     * current base URI and port) and answers what is wrong, empty when nothing is.
     *
     * @param expectedPaths paths that must be documented (so the walk cannot pass by seeing nothing)
     * @param publicPaths operations open to anyone by design: they must declare no roles and answer a
     *     call without a token with {@code publicStatus} (not 401)
     */
    public static List<String> failures(List<String> expectedPaths, Set<String> publicPaths, int publicStatus) {
        List<Operation> operations = operations();
        List<String> failures = new ArrayList<>();
        Set<String> documented = new LinkedHashSet<>();
        operations.forEach(op -> documented.add(op.path()));
        for (String expected : expectedPaths) {
            if (!documented.contains(expected)) {
                failures.add(expected + ": not in the OpenAPI document");
            }
        }

        Map<String, Supplier<String>> invalid = new LinkedHashMap<>();
        invalid.put("no token", () -> null);
        invalid.put("expired token", () -> OidcResource.expiredToken(LADDER.toArray(String[]::new)));
        invalid.put("token signed by a stranger",
                () -> OidcResource.tokenSignedByStranger(LADDER.toArray(String[]::new)));
        invalid.put("token for another audience",
                () -> OidcResource.tokenForAudience("grafana", LADDER.toArray(String[]::new)));

        for (Operation op : operations) {
            if (publicPaths.contains(op.path())) {
                if (!op.roles().isEmpty()) {
                    failures.add(op + ": a public endpoint should declare no roles, got " + op.roles());
                }
                expectStatus(op, "no token", null, publicStatus, failures);
                continue;
            }
            if (op.roles().isEmpty()) {
                failures.add(op + ": declares no roles");
                continue;
            }
            int least = op.roles().stream().mapToInt(LADDER::indexOf).min().orElseThrow();
            if (op.roles().stream().anyMatch(r -> !LADDER.contains(r))) {
                failures.add(op + ": unknown role among " + op.roles());
                continue;
            }
            Set<String> expected = new LinkedHashSet<>(LADDER.subList(least, LADDER.size()));
            if (!op.roles().equals(expected)) {
                failures.add(op + ": roles " + op.roles() + " should be " + expected
                        + " (a higher role may do what a lower one may)");
            }
            if (op.description() == null || !op.description().contains("Role: " + LADDER.get(least))) {
                failures.add(op + ": the description should name its role ('Role: " + LADDER.get(least) + "')");
            }
            for (Map.Entry<String, Supplier<String>> bad : invalid.entrySet()) {
                expectStatus(op, bad.getKey(), bad.getValue().get(), 401, failures);
            }
            expectStatus(op, "token without a Vigil role", OidcResource.token("guest"), 403, failures);
            for (int i = 0; i < LADDER.size(); i++) {
                String role = LADDER.get(i);
                if (i < least) {
                    expectStatus(op, role, OidcResource.token(role), 403, failures);
                } else {
                    int status = call(op, OidcResource.token(role));
                    if (status == 401 || status == 403) {
                        failures.add(op + " as " + role + ": " + status + ", expected to get past security");
                    }
                }
            }
        }
        return failures;
    }

    private static void expectStatus(Operation op, String who, String token, int expected, List<String> failures) {
        int status = call(op, token);
        if (status != expected) {
            failures.add(op + " with " + who + ": " + status + ", expected " + expected);
        }
    }

    private static int call(Operation op, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (op.method().equals("post") || op.method().equals("put") || op.method().equals("patch")) {
            request = request.contentType("application/json").body("{}");
        }
        return request.when().request(op.method().toUpperCase(), op.concretePath()).then().extract().statusCode();
    }

    /** Every operation under /api with the roles its security requirements list. */
    private static List<Operation> operations() {
        String text = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        JsonNode paths = Json.read(text, JsonNode.class).path("paths");
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/api")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                Set<String> roles = new LinkedHashSet<>();
                for (JsonNode requirement : op.getValue().path("security")) {
                    requirement.fields()
                            .forEachRemaining(scheme -> scheme.getValue().forEach(r -> roles.add(r.asText())));
                }
                out.add(new Operation(op.getKey(), path.getKey(), roles,
                        op.getValue().path("description").asText(null)));
            }
        }
        return out;
    }

    /** One documented operation. */
    private record Operation(String method, String path, Set<String> roles, String description) {

        /** The path with a dummy for each parameter: a random UUID for an id, an unknown name otherwise. */
        String concretePath() {
            Matcher m = PATH_PARAMETER.matcher(path);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String dummy = m.group(1).equals("id") ? UUID.randomUUID().toString() : "no-such-" + m.group(1);
                m.appendReplacement(out, dummy);
            }
            m.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }
}
