package io.modelhouse.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * A page endpoint that changes state from a form: {@link FormTokenFilter} checks its
 * {@link FormToken} first. Every {@code @POST} of a page carries it (the architecture test checks).
 */
@NameBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface FormPost {
}
