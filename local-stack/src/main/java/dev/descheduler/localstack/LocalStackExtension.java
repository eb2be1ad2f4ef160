package dev.descheduler.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one local stack per test class on free ports and a fresh data folder (under target/), with PostgreSQL's
 * fast unsafe commits, injects it as a {@link LocalStack} parameter, and stops it after the class.
 */
public final class LocalStackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStack.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Class<?> testClass = context.getRequiredTestClass();
        LocalStackServers choice = testClass.getAnnotation(LocalStackServers.class);
        EnumSet<LocalStack.Server> servers =
                choice == null ? EnumSet.allOf(LocalStack.Server.class) : EnumSet.copyOf(List.of(choice.value()));
        Path base = Path.of("target", "local-stack");
        Files.createDirectories(base);
        Path dataDir = Files.createTempDirectory(base, testClass.getSimpleName() + "-");
        LocalStack stack = LocalStack.builder()
                .dataDir(dataDir)
                .servers(servers)
                .ephemeralPorts()
                // a test stack's data is thrown away after the class: trade crash safety for speed
                .postgresWithoutFsyncForTests()
                .build()
                .start();
        context.getStore(NAMESPACE).put(LocalStack.class, stack);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalStack stack = context.getStore(NAMESPACE).remove(LocalStack.class, LocalStack.class);
        if (stack != null) {
            stack.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = context.getStore(NAMESPACE).get(LocalStack.class, LocalStack.class);
        if (stack == null) {
            throw new UncheckedIOException(new IOException("local stack not started for " + context.getDisplayName()));
        }
        return stack;
    }
}
