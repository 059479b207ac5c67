package io.modelhouse.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A page's form post that anyone may send, without a login (the public trial request). It carries no
 * {@link FormToken}: there is no session a forged post could ride on. The abuse guard of its
 * feature (honeypot, fill time, rate limits) stands where the token stands for the other forms.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PublicForm {
}
