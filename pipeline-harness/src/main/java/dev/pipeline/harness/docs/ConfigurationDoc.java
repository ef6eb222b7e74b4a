package dev.pipeline.harness.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMapping.NamingStrategy;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps {@code docs/configuration.md} true to the services' {@code @ConfigMapping} interfaces.
 *
 * <p>A settings row is a table row whose first cell is one property in backticks:
 * {@code | `stream.max-file-age` | `STREAM_MAX_FILE_AGE` | `1h` | meaning |}. For every prefix of the
 * interfaces checked, each setting must have exactly one row, and each row of that prefix must be a
 * setting of one of the interfaces:
 * <ul>
 * <li>property: the prefix, then each method name in the interface's naming strategy (kebab-case by
 * default) or its {@code @WithName}; a nested group adds its own segment, unless it is
 * {@code @WithParentName}; a {@code Map} member's key is written {@code "<key>"} (any name in angle
 * brackets, quoted or not);</li>
 * <li>variable: Quarkus' rule, upper case with every other character than a letter or digit turned
 * into {@code _}; a map member's variable holds {@code <KEY>} where its key goes
 * ({@code stream.spark-conf."<key>"}: {@code STREAM_SPARK_CONF__<KEY>_});</li>
 * <li>default: the cell starts with the default in backticks, exactly as {@code @WithDefault} (or the
 * service's {@code application.properties}, which wins) writes it; a member without one starts with
 * {@code unset}, {@code none} or {@code —}; the rest of the cell is for people;</li>
 * <li>a row whose meaning starts with {@code <service> only:} (e.g. {@code stream only: …}) belongs to
 * that service alone: other services skip it, and must not declare it.</li>
 * </ul>
 * Plain Java on purpose: a service's unit test calls it without starting Quarkus.
 */
public final class ConfigurationDoc {

    private static final Pattern ONE_BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern STARTS_BACKTICKED = Pattern.compile("^`([^`]*)`");
    private static final Pattern KEY_PLACEHOLDER = Pattern.compile("\"<[^>\"]*>\"|<[^>]*>");
    private static final Pattern NO_DEFAULT = Pattern.compile("^(unset|none|—)(?![\\w-])", Pattern.CASE_INSENSITIVE);
    private static final Pattern ONLY_MARKER =
            Pattern.compile("^([A-Za-z][\\w-]*(?:(?:, | and )[A-Za-z][\\w-]*)*) only(?::|$)");
    private static final String MAP_KEY = "*";

    private final String name;
    private final List<Row> rows;

    private ConfigurationDoc(String name, List<Row> rows) {
        this.name = name;
        this.rows = rows;
    }

    /** Reads the page; messages name it by its last two path elements ({@code docs/configuration.md}). */
    public static ConfigurationDoc read(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        int count = normalized.getNameCount();
        String shown = count >= 2 ? normalized.subpath(count - 2, count).toString() : normalized.toString();
        try {
            return parse(shown, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static ConfigurationDoc parse(String name, String markdown) {
        return new ConfigurationDoc(name, settingsRows(markdown));
    }

    /**
     * Throws an {@link AssertionError} listing every disagreement between the page and the interfaces
     * of one service, each saying what to fix.
     */
    public void check(String service, Class<?>... mappings) {
        failIfAny(problems(service, Defaults.NONE, mappings));
    }

    /** As {@link #check(String, Class[])}, with the defaults the service's {@code application.properties} sets. */
    public void check(String service, Path applicationProperties, Class<?>... mappings) {
        failIfAny(problems(service, Defaults.from(applicationProperties), mappings));
    }

    /** The disagreements, empty when the page is true to the interfaces. */
    public List<String> problems(String service, Class<?>... mappings) {
        return problems(service, Defaults.NONE, mappings);
    }

    List<String> problems(String service, Defaults overrides, Class<?>... mappings) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        Set<String> prefixes = Arrays.stream(mappings).map(ConfigurationDoc::prefixOf)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Class<?> mapping : mappings) {
            for (Setting setting : settingsOf(mapping)) {
                settings.putIfAbsent(setting.property(), setting);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Row> documented = new HashMap<>();
        for (Row row : rows) {
            if (!underAny(row.property(), prefixes)) {
                continue;
            }
            String key = KEY_PLACEHOLDER.matcher(row.property()).replaceAll(MAP_KEY);
            Setting setting = settings.get(key);
            List<String> owners = row.onlyFor();
            if (!owners.isEmpty() && !owners.contains(service.toLowerCase(Locale.ROOT))) {
                if (setting != null) {
                    problems.add(at(row) + row.property() + " is documented as " + String.join(" and ", owners)
                            + " only, but " + setting.declaredBy() + " of " + service + " declares it ("
                            + setting.method() + "); name " + service + " too, or drop the \"only\"");
                }
                continue;
            }
            if (row.cells().size() != 4) {
                problems.add(at(row) + "the row of " + row.property() + " has " + row.cells().size()
                        + " cells; a settings row has four: | `property` | `ENV_VAR` | default | meaning |");
            }
            if (setting == null) {
                problems.add(at(row) + row.property() + " is documented, but no " + prefixOf(row.property(), prefixes)
                        + ".* setting of " + declarers(mappings, row.property(), prefixes) + " has that name"
                        + nearest(key, settings.keySet()) + "; remove the row or correct its name");
                continue;
            }
            Row earlier = documented.putIfAbsent(setting.property(), row);
            if (earlier != null) {
                problems.add(at(row) + row.property() + " is documented twice (lines " + earlier.line() + " and "
                        + row.line() + "); keep one row");
                continue;
            }
            checkVariable(row, setting, problems);
            checkDefault(row, setting, overrides, problems);
        }
        for (Setting setting : settings.values()) {
            if (!documented.containsKey(setting.property())) {
                problems.add(name + ": " + setting.shown() + " is not documented (" + setting.method()
                        + "); add the row | `" + setting.shown() + "` | " + expectedVariableCell(setting) + " | "
                        + expectedDefaultCell(setting, overrides) + " | … | to the " + prefixOf(setting.property(), prefixes)
                        + ".* table");
            }
        }
        return problems;
    }

    private void checkVariable(Row row, Setting setting, List<String> problems) {
        String cell = row.cell(1);
        String expected = setting.variable();
        Matcher matcher = ONE_BACKTICKED.matcher(cell);
        String documented = matcher.matches() ? matcher.group(1) : null;
        if (!expected.equals(documented)) {
            problems.add(at(row) + row.property() + " is documented with env var " + quoted(cell)
                    + " but Quarkus reads it from `" + expected + "`; write `" + expected + "` in the variable cell");
        }
    }

    private void checkDefault(Row row, Setting setting, Defaults overrides, List<String> problems) {
        String cell = row.cell(2);
        Optional<String> expected = overrides.of(setting).or(setting::defaultValue);
        String source = overrides.of(setting).isPresent()
                ? overrides.source() + " sets"
                : setting.declaredBy() + " says";
        Matcher value = STARTS_BACKTICKED.matcher(cell);
        if (expected.isEmpty()) {
            if (!NO_DEFAULT.matcher(cell).find()) {
                problems.add(at(row) + row.property() + " has no default in " + setting.declaredBy() + " ("
                        + setting.method() + " has no @WithDefault), so its default cell must start with unset,"
                        + " none or —; it says " + quoted(cell));
            }
            return;
        }
        String want = expected.get();
        if (want.isEmpty()) {
            if (!cell.toLowerCase(Locale.ROOT).startsWith("empty")) {
                problems.add(at(row) + row.property() + " is documented with default " + quoted(cell) + " but "
                        + source + " it is empty; make the default cell start with empty");
            }
            return;
        }
        if (!value.find()) {
            problems.add(at(row) + row.property() + " is documented with default " + quoted(cell) + " but " + source
                    + " `" + want + "`; make the default cell start with `" + want + "`");
        } else if (!value.group(1).equals(want)) {
            problems.add(at(row) + row.property() + " is documented with default `" + value.group(1) + "` but "
                    + source + " `" + want + "`; make the default cell start with `" + want + "`");
        }
    }

    private String at(Row row) {
        return name + ":" + row.line() + ": ";
    }

    private static String expectedVariableCell(Setting setting) {
        return "`" + setting.variable() + "`";
    }

    private static String expectedDefaultCell(Setting setting, Defaults overrides) {
        return overrides.of(setting).or(setting::defaultValue).map(value -> "`" + value + "`").orElse("unset");
    }

    private static String quoted(String cell) {
        return cell.isEmpty() ? "nothing" : "'" + cell + "'";
    }

    private void failIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " disagreement(s) between " + name + " and the"
                    + " @ConfigMapping interfaces:\n  " + String.join("\n  ", problems));
        }
    }

    private static boolean underAny(String property, Collection<String> prefixes) {
        return prefixes.stream().anyMatch(prefix -> property.equals(prefix) || property.startsWith(prefix + "."));
    }

    private static String prefixOf(String property, Collection<String> prefixes) {
        return prefixes.stream().filter(prefix -> property.equals(prefix) || property.startsWith(prefix + "."))
                .max(Comparator.comparingInt(String::length)).orElse(property);
    }

    private static String declarers(Class<?>[] mappings, String property, Collection<String> prefixes) {
        String prefix = prefixOf(property, prefixes);
        return Arrays.stream(mappings).filter(mapping -> prefixOf(mapping).equals(prefix))
                .map(Class::getSimpleName).collect(Collectors.joining(" or "));
    }

    private static String nearest(String property, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(property, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, property.length() / 4)
                ? " (did you mean " + best.replace(MAP_KEY, "\"<key>\"") + "?)"
                : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // --- the interfaces -------------------------------------------------------------------------

    /** One property a mapping reads; {@code property} has {@code *} for a map key, {@code variable} {@code <KEY>}. */
    record Setting(String property, String variable, Optional<String> defaultValue, String declaredBy,
            String method) {

        String shown() {
            return property.replace(MAP_KEY, "\"<key>\"");
        }
    }

    static String prefixOf(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping interface");
        }
        return annotation.prefix();
    }

    /** Every property the mapping reads, as SmallRye names them. */
    static List<Setting> settingsOf(Class<?> mapping) {
        String prefix = prefixOf(mapping);
        NamingStrategy naming = mapping.getAnnotation(ConfigMapping.class).namingStrategy();
        List<Setting> settings = new ArrayList<>();
        collect(mapping, prefix, naming, mapping.getSimpleName(), settings, new ArrayList<>());
        settings.sort(Comparator.comparing(Setting::property));
        return settings;
    }

    private static void collect(Class<?> type, String path, NamingStrategy naming, String declaredBy,
            List<Setting> settings, List<Class<?>> enclosing) {
        if (enclosing.contains(type)) {
            throw new IllegalArgumentException(type.getName() + " contains itself");
        }
        enclosing.add(type);
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String segment = method.isAnnotationPresent(WithParentName.class) ? ""
                    : method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : naming.apply(method.getName());
            String property = join(path, segment);
            String where = type.getSimpleName() + "." + method.getName() + "()";
            Type valueType = unwrapOptional(method.getGenericReturnType());
            boolean converted = method.isAnnotationPresent(WithConverter.class);
            if (!converted && rawClass(valueType) == Map.class) {
                Type mapValue = typeArgument(valueType, 1);
                String keyed = join(property, MAP_KEY);
                if (isGroup(mapValue)) {
                    collect(rawClass(mapValue), keyed, naming, declaredBy, settings, enclosing);
                } else {
                    settings.add(new Setting(keyed, variableOf(keyed), defaultOf(method), declaredBy, where));
                }
            } else if (!converted && isGroup(valueType)) {
                collect(rawClass(valueType), property, naming, declaredBy, settings, enclosing);
            } else if (!converted && Collection.class.isAssignableFrom(rawClass(valueType))
                    && isGroup(typeArgument(valueType, 0))) {
                throw new IllegalArgumentException(where + ": a collection of groups is not supported");
            } else {
                settings.add(new Setting(property, variableOf(property), defaultOf(method), declaredBy, where));
            }
        }
        enclosing.remove(enclosing.size() - 1);
    }

    /**
     * Quarkus' rule: upper case, every character other than a letter or digit becomes {@code _}. A map
     * key is a quoted segment, {@code "<key>"}, so it shows as {@code _<KEY>_} between the underscores of
     * the dots around it.
     */
    static String variableOf(String property) {
        StringBuilder variable = new StringBuilder(property.length() + 8);
        for (char c : property.toCharArray()) {
            if (c == MAP_KEY.charAt(0)) {
                variable.append("_<KEY>_");
            } else {
                variable.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
            }
        }
        return variable.toString();
    }

    private static Optional<String> defaultOf(Method method) {
        WithDefault annotation = method.getAnnotation(WithDefault.class);
        return annotation == null ? Optional.empty() : Optional.of(annotation.value());
    }

    private static String join(String path, String segment) {
        if (segment.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? segment : path + "." + segment;
    }

    private static Type unwrapOptional(Type type) {
        return rawClass(type) == Optional.class ? typeArgument(type, 0) : type;
    }

    private static boolean isGroup(Type type) {
        Class<?> raw = rawClass(type);
        return raw.isInterface() && !raw.isAnnotation() && !raw.getName().startsWith("java.");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    // --- the page -------------------------------------------------------------------------------

    /** A table row whose first cell is one backticked name; cells without the outer pipes, trimmed. */
    record Row(int line, String property, List<String> cells) {

        String cell(int index) {
            return index < cells.size() ? cells.get(index) : "";
        }

        /** The services named by a meaning that starts with {@code <service> only:}, lower case; else none. */
        List<String> onlyFor() {
            Matcher matcher = ONLY_MARKER.matcher(cell(3));
            if (!matcher.find()) {
                return List.of();
            }
            return Arrays.stream(matcher.group(1).split(", | and ")).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private static List<Row> settingsRows(String markdown) {
        List<Row> rows = new ArrayList<>();
        boolean inFence = false;
        String[] lines = markdown.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence || !line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            Matcher first = ONE_BACKTICKED.matcher(cells.isEmpty() ? "" : cells.get(0));
            if (first.matches()) {
                rows.add(new Row(i + 1, first.group(1), cells));
            }
        }
        return rows;
    }

    /** Splits on pipes outside code spans; {@code \|} is a pipe inside a cell. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '`') {
                inCode = !inCode;
                cell.append(c);
            } else if (c == '|' && !inCode) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().strip());
        }
        return cells;
    }

    // --- application.properties -----------------------------------------------------------------

    /** Defaults a service's {@code application.properties} sets, which win over {@code @WithDefault}. */
    record Defaults(String source, Map<String, String> values) {

        static final Defaults NONE = new Defaults("", Map.of());

        static Defaults from(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            Map<String, String> values = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
            return new Defaults(file.toString(), values);
        }

        Optional<String> of(Setting setting) {
            return Optional.ofNullable(values.get(setting.property()));
        }
    }
}
