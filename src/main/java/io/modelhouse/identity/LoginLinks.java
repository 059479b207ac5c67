package io.modelhouse.identity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.modelhouse.common.ModelhouseConfig;

/** The one place login links are made: the portal, with the username filled in on Keycloak's form. */
@ApplicationScoped
public class LoginLinks {

    @Inject
    ModelhouseConfig config;

    public String portal() {
        return config.publicUrl() + "/portal";
    }

    public String forUser(String username) {
        return portal() + "?login_hint=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
    }
}
