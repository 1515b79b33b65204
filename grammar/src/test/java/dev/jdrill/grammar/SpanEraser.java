package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.SourceSpan;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;

/** Rebuilds an AST with every {@link SourceSpan} replaced by {@link SourceSpan#NONE}, to compare trees by content. */
final class SpanEraser {
    private SpanEraser() {
    }

    @SuppressWarnings("unchecked")
    static <T> T erase(T value) {
        return (T) eraseAny(value);
    }

    private static Object eraseAny(Object value) {
        if (value instanceof SourceSpan) {
            return SourceSpan.NONE;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SpanEraser::eraseAny).toList();
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(SpanEraser::eraseAny);
        }
        if (value instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    args[i] = eraseAny(components[i].getAccessor().invoke(record));
                    types[i] = components[i].getType();
                }
                Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return value;
    }
}
