package dev.mcpspawner.operator.session;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template variables of DESIGN §4 and their substitution. A variable is {@code {NAME}} with
 * NAME in upper case; anything else in braces (JSON, shell) is left alone. An upper-case name that
 * is not one of {@link #NAMES} is an error, never a silent empty string.
 */
public final class TemplateVariables {
  public static final String SESSION_ID = "SESSION_ID";
  public static final String USER_ID = "USER_ID";
  public static final String SERVER_NAME = "SERVER_NAME";
  public static final String INSTANCE_TYPE = "INSTANCE_TYPE";
  public static final String SESSION_DIR = "SESSION_DIR";
  public static final String USER_DIR = "USER_DIR";

  public static final Set<String> NAMES =
      Set.of(SESSION_ID, USER_ID, SERVER_NAME, INSTANCE_TYPE, SESSION_DIR, USER_DIR);

  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Z][A-Z0-9_]*)}");

  private TemplateVariables() {}

  /** The variables {@code text} uses that are not defined, in order of appearance. */
  public static Set<String> unknownIn(String text) {
    Set<String> unknown = new LinkedHashSet<>();
    if (text != null) {
      Matcher m = VARIABLE.matcher(text);
      while (m.find()) {
        if (!NAMES.contains(m.group(1))) {
          unknown.add(m.group(1));
        }
      }
    }
    return unknown;
  }

  /** {@code text} with every variable replaced by its value from {@code values}. */
  public static String substitute(String text, Map<String, String> values) {
    if (text == null) {
      return null;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("unknown template variable {" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
