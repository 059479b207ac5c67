package io.modelhouse.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalPoolInterceptor;

/**
 * The second wall: PostgreSQL row-level security reads {@code app.tenant_id}. A connection gets the
 * current tenant when it leaves the pool (in a transaction that is when the transaction first
 * touches the database) and loses it when it goes back, because Agroal resets nothing by itself.
 */
@ApplicationScoped
public class TenantSessionInterceptor implements AgroalPoolInterceptor {

    @Inject
    TenantContext context;

    @Override
    public void onConnectionAcquire(Connection connection) {
        String tenant = context.current().map(UUID::toString).orElse("");
        try (PreparedStatement st = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            st.setString(1, tenant);
            st.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the tenant on a database connection", e);
        }
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        try (Statement st = connection.createStatement()) {
            st.execute("RESET app.tenant_id");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not clear the tenant from a database connection", e);
        }
    }
}
