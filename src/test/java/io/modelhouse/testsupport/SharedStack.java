package io.modelhouse.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link LocalStackResource} for the whole suite (not restricted to one class), so every
 * {@code @QuarkusTest} shares one PostgreSQL, one Keycloak and one application start.
 */
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
public final class SharedStack {

    private SharedStack() {
    }
}
