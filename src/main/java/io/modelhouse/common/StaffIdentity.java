package io.modelhouse.common;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** Who a staff request is, for the audit log and as a tenant's default owner: their mail, else their username. */
@RequestScoped
public class StaffIdentity {

    @Inject
    SecurityIdentity identity;

    public String name() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("email") != null) {
            return jwt.getClaim("email").toString();
        }
        return identity.getPrincipal().getName();
    }
}
