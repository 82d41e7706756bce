package org.fwsim.testbench.cli;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option converter for a type that parses itself and refuses bad text with an {@link
 * IllegalArgumentException}; picocli prints that exception's message as the option's error.
 */
public abstract class ParsingConverter<T> implements ITypeConverter<T> {
  private final Function<String, T> parse;

  protected ParsingConverter(Function<String, T> parse) {
    this.parse = parse;
  }

  @Override
  public final T convert(String text) {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
