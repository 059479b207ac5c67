package io.modelhouse.tenant;

import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Sets the tenant context for an {@link AsTenant} method; runs before (outside) the transaction interceptor. */
@AsTenant
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class AsTenantInterceptor {

    @Inject
    TenantContext context;

    @AroundInvoke
    Object around(InvocationContext call) throws Exception {
        for (Object p : call.getParameters()) {
            if (p instanceof UUID tenant) {
                return context.runAs(tenant, () -> proceed(call));
            }
        }
        throw new IllegalStateException(call.getMethod() + " is @AsTenant but has no UUID parameter naming the tenant");
    }

    private static Object proceed(InvocationContext call) {
        try {
            return call.proceed();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
