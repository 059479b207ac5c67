package io.modelhouse.identity;

import io.modelhouse.tenant.Tenant;

/** The trial user behind a request, checked against the control plane: their tenant and account. */
public record Prospect(Tenant tenant, TrialAccount account) {
}
