using SymDiff.Expressions;
using SymDiff.Syntax;
using static SymDiff.Syntax.DiagnosticCode;

namespace SymDiff.Tests.Syntax;

public class BindingParserTests
{
    private readonly ExprFactory _f = new();

    private static void Fails(string input, params (DiagnosticCode Code, int Column, int Length)[] expected)
    {
        var result = BindingParser.Parse(input);
        Assert.False(result.Success);
        var actual = result.Diagnostics.Select(d => (d.Code, d.Column, d.Span.Length)).ToArray();
        Assert.True(expected.SequenceEqual(actual),
            $"'{input}': expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]\n" +
            ParseAssert.Rendered(input, result.Diagnostics));
    }

    private static string Message(string input) => BindingParser.Parse(input).Diagnostics[0].Message;

    [Fact]
    public void A_single_unnamed_value()
    {
        var result = BindingParser.Parse(" 3 ", _f);
        Assert.True(result.Success);
        var binding = Assert.Single(result.Bindings);
        Assert.Equal(new Binding(null, _f.Number(3), new TextSpan(1, 1)), binding);
    }

    [Fact]
    public void Named_bindings_in_order()
    {
        var result = BindingParser.Parse("x=1, y=2", _f);
        Assert.True(result.Success);
        Assert.Equal<Binding>(
            [new Binding("x", _f.Number(1), new TextSpan(0, 3)), new Binding("y", _f.Number(2), new TextSpan(5, 3))],
            result.Bindings);
    }

    [Fact]
    public void Values_are_constant_expressions()
    {
        var result = BindingParser.Parse("x=pi/4, y = -1.5e-1, z=max(1, 2), w=sqrt(2)e", _f);
        Assert.True(result.Success, ParseAssert.Rendered("", result.Diagnostics));
        Assert.Equal(["x", "y", "z", "w"], result.Bindings.Select(b => b.Name));
        Assert.Equal(_f.Div(_f.Pi, _f.Number(4)), result.Bindings[0].Value);
        Assert.Equal("-3/20", result.Bindings[1].Value.ToString());
        Assert.Equal("2", result.Bindings[2].Value.ToString());
        Assert.Equal("sqrt(2)*e", result.Bindings[3].Value.ToString());
    }

    [Fact]
    public void Constants_and_functions_cannot_be_variables()
    {
        // 1:1: error SD1101: 'pi' is a constant and cannot be a variable
        Fails("pi=3", (ReservedBindingName, 1, 2));
        Assert.Equal("'pi' is a constant and cannot be a variable", Message("pi=3"));
        Assert.Equal("'e' is a constant and cannot be a variable", Message("e=1"));
        // 1:6: error SD1101: 'sin' is a function and cannot be a variable
        Fails("x=1, sin=2", (ReservedBindingName, 6, 3));
        Assert.Equal("'ln' is a function and cannot be a variable", Message("ln=2"));
    }

    [Fact]
    public void Duplicates_are_errors()
    {
        // 1:6: error SD1102: variable 'x' is bound more than once
        Fails("x=1, x=2", (DuplicateBinding, 6, 1));
        Assert.Equal("variable 'x' is bound more than once", Message("x=1, x=2"));
    }

    [Fact]
    public void A_value_with_a_variable_is_an_error()
    {
        // 1:3: error SD1103: the value of 'x' must be a constant, but it contains the variable 'y'
        Fails("x=y+1", (NonConstantBinding, 3, 3));
        Assert.Equal("the value of 'x' must be a constant, but it contains the variable 'y'", Message("x=y+1"));
        Assert.Equal("the value must be a constant, but it contains the variable 't'", Message("2t"));
    }

    [Fact]
    public void Malformed_bindings()
    {
        // 1:1: error SD1104: expected a variable name before '='
        Fails("=1", (MissingBindingName, 1, 1));
        Fails("1=2", (MissingBindingName, 1, 1));
        Fails("x y=2", (MissingBindingName, 1, 3));
        // 1:6: error SD1105: a value without a name must stand alone; write name=value
        Fails("x=1, 2", (UnnamedBindingInList, 6, 1));
        // 1:1: error SD1106: missing value for 'x'
        Fails("x=", (MissingBindingValue, 1, 2));
        Fails("x= , y=1", (MissingBindingValue, 1, 2));
        // 1:5: error SD1107: unexpected end of input, expected name=value
        Fails("x=1,", (EmptyBinding, 5, 0));
        Assert.Equal("unexpected end of input, expected name=value", Message("x=1,"));
        Fails(",x=1", (EmptyBinding, 1, 1));
        Fails("", (EmptyInput, 1, 0));
        Fails("  ", (EmptyInput, 1, 0));
    }

    [Fact]
    public void Value_errors_come_from_the_expression_parser_with_absolute_positions()
    {
        // 1:5: error SD1002: unexpected end of input, expected expression
        Fails("x=1+", (MissingOperand, 5, 0));
        // 2:3: error SD1003: unknown function 'sinn'; did you mean 'sin'?
        var d = BindingParser.Parse("x=1,\ny=sinn(2)").Diagnostics.Single();
        Assert.Equal((DiagnosticCode.UnknownFunction, 2, 3), (d.Code, d.Line, d.Column));
        Assert.Equal(
            "2:3: error SD1003: unknown function 'sinn'; did you mean 'sin'?\ny=sinn(2)\n  ^^^^",
            d.Render("x=1,\ny=sinn(2)"));
        Fails("x=1=2", (MissingOperator, 4, 1));
        Fails("x=(1, y=2", (UnclosedParenthesis, 3, 1), (MissingOperator, 5, 1), (MissingOperator, 8, 1));
    }

    [Fact]
    public void Every_item_is_checked()
    {
        Fails("pi=1, x=y, x=2, 3", (ReservedBindingName, 1, 2), (NonConstantBinding, 9, 1), (DuplicateBinding, 12, 1),
            (UnnamedBindingInList, 17, 1));
    }
}
