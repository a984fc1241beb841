package io.elo.architecture;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * DESIGN.md's rules for a module's public surface, checked by reflection over compiled classes.
 *
 * <ul>
 *   <li>No type of Guava, Bouncy Castle, protobuf, MapDB, picocli or Jetty appears in a public
 *       signature (superclass, interfaces, fields, constructors, methods, exceptions, type bounds)
 *       of an exported class. Classes in a package named {@code internal} are not exported.
 *   <li>Exported classes live in the module's public API packages.
 * </ul>
 */
public final class PublicApiRules {
  /** Package prefixes of third-party libraries that must stay out of public signatures. */
  static final List<String> BANNED_PREFIXES =
      List.of(
          "com.google.common.",
          "com.google.thirdparty.",
          "org.bouncycastle.",
          "com.google.protobuf.",
          "org.mapdb.",
          "picocli.",
          "org.eclipse.jetty.");

  private PublicApiRules() {}

  /**
   * Checks every class compiled into {@code classesDir}.
   *
   * @param apiPackages the module's public API packages; exported classes elsewhere are violations
   * @return one line per violation; empty when the surface is clean
   */
  public static List<String> check(Path classesDir, Set<String> apiPackages) throws IOException {
    return check(loadAll(classesDir), apiPackages);
  }

  /** Checks the given classes; see {@link #check(Path, Set)}. */
  public static List<String> check(Collection<Class<?>> classes, Set<String> apiPackages) {
    List<String> violations = new ArrayList<>();
    for (Class<?> c : classes) {
      if (!isExported(c)) {
        continue;
      }
      if (!apiPackages.contains(c.getPackageName())) {
        violations.add(c.getName() + " is public outside the API packages " + apiPackages);
      }
      checkClass(c, violations);
    }
    return violations;
  }

  /** Public (or protected nested in public), not synthetic, not in an {@code internal} package. */
  static boolean isExported(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    if (("." + c.getPackageName() + ".").contains(".internal.")) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      int mod = k.getModifiers();
      // A protected member class is reachable by subclasses of its (public) declaring class.
      boolean nested = k.getDeclaringClass() != null;
      if (!Modifier.isPublic(mod) && !(nested && Modifier.isProtected(mod))) {
        return false;
      }
    }
    return true;
  }

  private static void checkClass(Class<?> c, List<String> violations) {
    String where = c.getName();
    checkType(where + " extends", c.getGenericSuperclass(), violations);
    for (Type t : c.getGenericInterfaces()) {
      checkType(where + " implements", t, violations);
    }
    for (TypeVariable<?> v : c.getTypeParameters()) {
      checkBounds(where + "<" + v.getName() + ">", v, violations);
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        checkType(where + "." + f.getName(), f.getGenericType(), violations);
      }
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k.getModifiers()) && !k.isSynthetic()) {
        checkExecutable(where + ".<init>", k, violations);
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        checkExecutable(where + "." + m.getName() + "()", m, violations);
        checkType(where + "." + m.getName() + "() returns", m.getGenericReturnType(), violations);
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkExecutable(String where, Executable e, List<String> violations) {
    for (Type t : e.getGenericParameterTypes()) {
      checkType(where + " parameter", t, violations);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      checkType(where + " throws", t, violations);
    }
    for (TypeVariable<?> v : e.getTypeParameters()) {
      checkBounds(where + "<" + v.getName() + ">", v, violations);
    }
  }

  private static void checkBounds(String where, TypeVariable<?> v, List<String> violations) {
    for (Type b : v.getBounds()) {
      checkType(where + " bound", b, violations);
    }
  }

  private static void checkType(String where, Type type, List<String> violations) {
    if (type == null) {
      return;
    }
    for (Class<?> used : mentioned(type, new HashSet<>())) {
      String name = used.getName() + ".";
      for (String banned : BANNED_PREFIXES) {
        if (name.startsWith(banned)) {
          violations.add(where + " exposes " + used.getName());
        }
      }
    }
  }

  /** Every class a generic type mentions: raw types, arguments, array components, wildcard bounds. */
  private static Set<Class<?>> mentioned(Type type, Set<Type> seen) {
    Set<Class<?>> out = new HashSet<>();
    if (!seen.add(type)) {
      return out;
    }
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      out.add(c);
    } else if (type instanceof ParameterizedType p) {
      out.addAll(mentioned(p.getRawType(), seen));
      for (Type a : p.getActualTypeArguments()) {
        out.addAll(mentioned(a, seen));
      }
    } else if (type instanceof GenericArrayType g) {
      out.addAll(mentioned(g.getGenericComponentType(), seen));
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        out.addAll(mentioned(b, seen));
      }
      for (Type b : w.getLowerBounds()) {
        out.addAll(mentioned(b, seen));
      }
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        out.addAll(mentioned(b, seen));
      }
    }
    return out;
  }

  /** Loads (without initialising) every class file under {@code classesDir}. */
  static List<Class<?>> loadAll(Path classesDir) throws IOException {
    List<Class<?>> classes = new ArrayList<>();
    ClassLoader loader = PublicApiRules.class.getClassLoader();
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String file = classesDir.relativize(p).toString();
        if (!file.endsWith(".class") || file.endsWith("module-info.class")
            || file.endsWith("package-info.class")) {
          continue;
        }
        String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
        try {
          classes.add(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
          throw new IOException("cannot load " + name + " from " + classesDir, e);
        }
      }
    }
    return classes;
  }
}
