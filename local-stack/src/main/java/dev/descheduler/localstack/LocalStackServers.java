package dev.descheduler.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Which servers {@link LocalStackExtension} starts for a test class (all of them when absent). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LocalStackServers {
    LocalStack.Server[] value();
}
