package io.modelhouse.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * The method works on one tenant's data: its first {@code UUID} parameter is that tenant, and the
 * tenant context is set for the call, outside the method's own transaction, so the connection the
 * transaction takes carries the tenant for row-level security. Pair it with
 * {@code @Transactional(REQUIRES_NEW)}: a transaction joined from a caller has its connection already.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface AsTenant {
}
