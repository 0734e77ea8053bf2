using System.Text;
using SymDiff.Syntax;
using static SymDiff.Syntax.DiagnosticCode;
using static SymDiff.Tests.Syntax.ParseAssert;

namespace SymDiff.Tests.Syntax;

/// <summary>
/// The syntax of vectors and matrices: '@', '.T', tensor function calls and list literals. Tree shapes are pinned by
/// a compact S-expression print of <see cref="Parser.ParseSyntax"/>; errors by codes and spans as elsewhere.
/// </summary>
public class TensorSyntaxTests
{
    // (@ l r), (T x), (* a /b), (+ a -b), (- x), (^ b e), (group x), (name args...), [a, b].
    private static string Shape(SyntaxNode node, string text) => node switch
    {
        NumberSyntax or VariableSyntax or ConstantSyntax => text.Substring(node.Span.Start, node.Span.Length),
        MatMulSyntax m => $"(@ {Shape(m.Left, text)} {Shape(m.Right, text)})",
        TransposeSyntax t => $"(T {Shape(t.Operand, text)})",
        ProductSyntax p => $"(* {string.Join(" ", p.Factors.Select((f, i) => (p.Divided[i] ? "/" : "") + Shape(f, text)))})",
        SumSyntax s => $"(+ {string.Join(" ", s.Terms.Select((t, i) => (s.Subtracted[i] ? "-" : "") + Shape(t, text)))})",
        NegationSyntax n => $"(- {Shape(n.Operand, text)})",
        PowerSyntax p => $"(^ {Shape(p.Base, text)} {Shape(p.Exponent, text)})",
        GroupSyntax g => $"(group {Shape(g.Inner, text)})",
        CallSyntax c => $"({c.Function.Name} {string.Join(" ", c.Arguments.Select(a => Shape(a, text)))})",
        TensorCallSyntax c => $"({c.Function.Name}! {string.Join(" ", c.Arguments.Select(a => Shape(a, text)))})",
        ListSyntax l => $"[{string.Join(", ", l.Elements.Select(e => Shape(e, text)))}]",
        IndexSyntax x => $"(index {Shape(x.Operand, text)} {string.Join(" ", x.Indices.Select(e => Shape(e, text)))})",
        _ => throw new InvalidOperationException(node.Kind.ToString()),
    };

    private static SyntaxNode Tree(string input)
    {
        var result = Parser.ParseSyntax(input);
        Assert.True(result.Diagnostics.IsEmpty, $"'{input}' failed:\n{Rendered(input, result.Diagnostics)}");
        Assert.Null(result.Value);
        Assert.NotNull(result.Syntax);
        return result.Syntax;
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    // ---- tree shapes ----

    [Theory]
    [InlineData("W@x", "(@ W x)")]
    [InlineData("a*b@c/d", "(* (@ (* a b) c) /d)")]
    [InlineData("a/b@c", "(@ (* a /b) c)")]
    [InlineData("-A@x", "(- (@ A x))")]
    [InlineData("A@-x", "(@ A (- x))")]
    [InlineData("2x@y", "(@ (* 2 x) y)")]
    [InlineData("A@x y", "(* (@ A x) y)")]
    [InlineData("0.5*x@A@x", "(@ (@ (* 0.5 x) A) x)")]
    [InlineData("W@x + b", "(+ (@ W x) b)")]
    [InlineData("A@B^2", "(@ A (^ B 2))")]
    [InlineData("A@B.T", "(@ A (T B))")]
    public void Matmul_binds_like_star_left_to_right(string input, string shape) => Assert.Equal(shape, Shape(Tree(input), input));

    [Theory]
    [InlineData("W.T", "(T W)")]
    [InlineData("W.T@x + b", "(+ (@ (T W) x) b)")]
    [InlineData("(A@B).T", "(T (group (@ A B)))")]
    [InlineData("x.T.T", "(T (T x))")]
    [InlineData("-W.T^2", "(- (^ (T W) 2))")]
    [InlineData("x^W.T", "(^ x (T W))")]
    [InlineData("sum(x).T", "(T (sum! x))")]
    [InlineData("sin(x).T", "(T (sin x))")]
    [InlineData("[1, 2].T", "(T [1, 2])")]
    [InlineData("T.T", "(T T)")]
    public void Transpose_is_postfix_and_binds_tighter_than_power(string input, string shape) => Assert.Equal(shape, Shape(Tree(input), input));

    [Theory]
    [InlineData("sum((W@x + b - y)^2)", "(sum! (^ (group (+ (@ W x) b -y)) 2))")]
    [InlineData("outer(a, b)", "(outer! a b)")]
    [InlineData("log_softmax(z)", "(log_softmax! z)")]
    [InlineData("transpose(W)", "(transpose! W)")]
    [InlineData("exp(sum(x))", "(exp (sum! x))")]
    [InlineData("max(x, y)", "(max x y)")]
    public void Tensor_functions_are_tensor_calls(string input, string shape) => Assert.Equal(shape, Shape(Tree(input), input));

    [Theory]
    [InlineData("[1, 2*x, sin(y)]", "[1, (* 2 x), (sin y)]")]
    [InlineData("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]")]
    [InlineData("[x]", "[x]")]
    [InlineData("[-1, 1 + x]", "[(- 1), (+ 1 x)]")]
    [InlineData("2[1, 2]", "(* 2 [1, 2])")]
    [InlineData("[1, 2]@[3, 4]", "(@ [1, 2] [3, 4])")]
    [InlineData("[max(1, 2), 3]", "[(max 1 2), 3]")]
    public void Lists_hold_full_expressions(string input, string shape) => Assert.Equal(shape, Shape(Tree(input), input));

    // Review 9 #3: x[1] was read as x*[1] and X[0]@y as X*[0]@y. '[' after an operand indexes it, as in Python.
    [Theory]
    [InlineData("x[1]", "(index x 1)")]
    [InlineData("x [1]", "(index x 1)")]
    [InlineData("X[0, 1]", "(index X 0 1)")]
    [InlineData("X[0][1]", "(index (index X 0) 1)")]
    [InlineData("x[-1]", "(index x (- 1))")]
    [InlineData("-x[0]^2", "(- (^ (index x 0) 2))")]
    [InlineData("2^x[0]", "(^ 2 (index x 0))")]
    [InlineData("X[0]@y", "(@ (index X 0) y)")]
    [InlineData("(A@x)[0]", "(index (group (@ A x)) 0)")]
    [InlineData("W.T[1]", "(index (T W) 1)")]
    [InlineData("X[1].T", "(T (index X 1))")]
    [InlineData("sum(x)[0]", "(index (sum! x) 0)")]
    [InlineData("[x, y][0]", "(index [x, y] 0)")]
    [InlineData("[x[0], x[1]]", "[(index x 0), (index x 1)]")]
    [InlineData("2x[0]", "(* 2 (index x 0))")]
    [InlineData("x[0]y[1]", "(* (index x 0) (index y 1))")]
    [InlineData("2[1, 2]", "(* 2 [1, 2])")]
    public void Brackets_after_an_operand_index_it(string input, string shape) => Assert.Equal(shape, Shape(Tree(input), input));

    // Review 9 #20: a trailing comma, as Python allows.
    [Theory]
    [InlineData("[1, 2,]", "[1, 2]")]
    [InlineData("[[1, 2,], [3, 4],]", "[[1, 2], [3, 4]]")]
    [InlineData("[x,]", "[x]")]
    public void A_list_may_end_with_a_comma(string input, string shape) => Assert.Equal(shape, Shape(Tree(input), input));

    [Fact]
    public void A_semicolon_in_a_list_says_how_rows_are_written()
    {
        // 1:3: error SD1004: unexpected character ';' (U+003B); list elements are separated by ',' and a matrix is a list of rows: [[1, 2], [3, 4]]
        var d = Parser.ParseSyntax("[1; 2]").Diagnostics;
        Assert.Equal((UnexpectedCharacter, 3), (d[0].Code, d[0].Column));
        Assert.Equal("unexpected character ';' (U+003B); list elements are separated by ',' and a matrix is a list of rows: [[1, 2], [3, 4]]", d[0].Message);
    }

    [Fact]
    public void Index_errors()
    {
        // 1:2: error SD1263: empty index '[]', expected an integer such as 0 or -1
        var d = Fails("x[]", (EmptyIndex, 2, 2));
        Assert.Equal("empty index '[]', expected an integer such as 0 or -1", d[0].Message);
        Fails("x[1", (UnclosedBracket, 2, 1));
        Fails("x[1)", (UnclosedBracket, 2, 1), (UnmatchedParenthesis, 4, 1));
        Fails("x[,1]", (MissingOperand, 3, 1));
        Fails("[1,,]", (MissingOperand, 4, 1));
        Fails("[,]", (MissingOperand, 2, 1));
    }

    [Fact]
    public void Spans_cover_what_was_written()
    {
        var input = "1 + (A@B).T";
        var sum = Assert.IsType<SumSyntax>(Tree(input));
        var t = Assert.IsType<TransposeSyntax>(sum.Terms[1]);
        Assert.Equal("(A@B).T", input.Substring(t.Span.Start, t.Span.Length));
        var list = "[[1, 2], [3, 4]]";
        var outer = Assert.IsType<ListSyntax>(Tree(list));
        Assert.Equal(new TextSpan(0, list.Length), outer.Span);
        Assert.Equal(new TextSpan(9, 6), outer.Elements[1].Span);
        var product = "a*b@c/d";
        var p = Assert.IsType<ProductSyntax>(Tree(product));
        Assert.Equal(new TextSpan(0, 5), p.Factors[0].Span);
    }

    [Fact]
    public void Variables_are_recorded_in_order()
    {
        Assert.Equal<string>(["W", "x", "b"], Parser.ParseSyntax("sum(W.T@x + b)").Variables);
    }

    // ---- what stays as it was ----

    [Fact]
    public void A_dot_after_a_name_before_a_digit_is_still_a_number()
    {
        // 1:2: error SD1015: unexpected '.5', expected operator
        Fails("x.5", (MissingOperator, 2, 2));
        Same(".5x", "x/2");
        Same("2.5x", "5/2*x");
    }

    [Fact]
    public void Scalar_input_still_binds()
    {
        Same("sin(x)*2 + max(x, y)", "2*sin(x) + max(x, y)");
        Assert.True(Parser.ParseSyntax("x^2").Syntax is PowerSyntax);
    }

    // ---- the scalar parser refuses tensor syntax ----

    [Fact]
    public void The_scalar_binder_and_written_form_reject_tensor_trees_as_programmer_errors()
    {
        var tree = Parser.ParseSyntax("W@x").Syntax!;
        Assert.Throws<ArgumentException>(() => Binder.Bind(tree, new SymDiff.Expressions.ExprFactory()));
        Assert.Throws<ArgumentException>(() => SymDiff.Evaluation.WrittenForm.Lower(tree, "W@x", ["W", "x"]));
    }

    [Theory]
    // 1:1: error SD1201: '@' is a vector/matrix operation; give the variables shapes (--at "W=[[1, 2], [3, 4]]" or --shape "W=2x2")
    [InlineData("W@x + b", 1, 3, "'@' is a vector/matrix operation")]
    [InlineData("1 + W.T", 5, 3, "'.T' is a vector/matrix operation")]
    [InlineData("2*sum(x)", 3, 6, "'sum' is a vector/matrix function")]
    [InlineData("[1, 2]", 1, 6, "'[...]' is a vector/matrix value")]
    [InlineData("sum(W@x)", 1, 8, "'sum' is a vector/matrix function")]
    [InlineData("x[1] + 2", 1, 4, "indexing '[...]' is a vector/matrix operation")]
    public void Parse_refuses_tensor_syntax_with_one_diagnostic(string input, int column, int length, string message)
    {
        var d = Fails(input, (TensorSyntaxNeedsShapes, column, length));
        Assert.StartsWith(message, d[0].Message);
        Assert.EndsWith("give the variables shapes (--at \"W=[[1, 2], [3, 4]]\" or --shape \"W=2x2\")", d[0].Message);
        Assert.Null(Parser.Parse(input).Syntax);
    }

    // ---- errors ----

    [Fact]
    public void Empty_list()
    {
        // 1:1: error SD1203: empty list '[]', expected expression
        var d = Fails("[]", (EmptyList, 1, 2));
        Assert.Equal("empty list '[]', expected expression", d[0].Message);
        Fails("[[], [1]]", (EmptyList, 2, 2));
    }

    [Fact]
    public void Unclosed_bracket()
    {
        // 1:1: error SD1204: '[' is never closed, expected ']'
        var d = Fails("[1, 2", (UnclosedBracket, 1, 1));
        Assert.Equal("'[' is never closed, expected ']'", d[0].Message);
        Fails("[[1, 2], [3", (UnclosedBracket, 1, 1), (UnclosedBracket, 10, 1));
        // a ')' inside a list: the '(' it would close is not there
        Fails("[1, 2)", (UnclosedBracket, 1, 1), (UnmatchedParenthesis, 6, 1));
        // a ']' that closes the list leaves the '(' open
        Fails("[1, (2]", (UnclosedParenthesis, 5, 1));
        Fails("[1, sin(2]", (UnclosedCall, 5, 4));
    }

    [Fact]
    public void Unmatched_bracket()
    {
        // 1:2: error SD1205: unexpected ']', no '[' to close
        var d = Fails("1]", (UnmatchedBracket, 2, 1));
        Assert.Equal("unexpected ']', no '[' to close", d[0].Message);
        Fails("]", (UnmatchedBracket, 1, 1), (MissingOperand, 2, 0));
        Fails("(1]", (UnclosedParenthesis, 1, 1), (UnmatchedBracket, 3, 1));
    }

    [Fact]
    public void Missing_list_elements()
    {
        // 1:5: error SD1002: unexpected ']', expected expression
        Fails("[, 1]", (MissingOperand, 2, 1));
        Fails("[1 2]", (MissingOperator, 4, 1));
    }

    [Fact]
    public void Unsupported_attribute()
    {
        // 1:2: error SD1202: '.foo' is not supported; the only attribute is .T (transpose)
        var d = Fails("x.foo", (UnsupportedAttribute, 2, 4));
        Assert.Equal("'.foo' is not supported; the only attribute is .T (transpose)", d[0].Message);
        Fails("W.Tx", (UnsupportedAttribute, 2, 3));
        Fails("W.t", (UnsupportedAttribute, 2, 2));
        Fails("(x).shape + 1", (UnsupportedAttribute, 4, 6));
    }

    [Fact]
    public void Tensor_call_arity()
    {
        // 1:1: error SD1012: sum takes 1 or 2 arguments, got 3 (sum(x) and sum(x, dim))
        var d = Fails("sum(x, y, z)", (WrongArgumentCount, 1, 3));
        Assert.Equal("sum takes 1 or 2 arguments, got 3", d[0].Message);
        Assert.Equal("dot takes 2 arguments, got 3", Fails("dot(x, y, z)", (WrongArgumentCount, 1, 3))[0].Message);
        // 1:1: error SD1012: outer takes 2 arguments, got 1
        Assert.Equal("outer takes 2 arguments, got 1", Fails("outer(x)", (WrongArgumentCount, 1, 5))[0].Message);
        Fails("sum()", (WrongArgumentCount, 1, 3));
    }

    [Fact]
    public void Unknown_function_suggests_tensor_functions()
    {
        // 1:1: error SD1003: unknown function 'summ'; did you mean 'sum'?
        var d = Fails("summ(x)", (UnknownFunction, 1, 4));
        Assert.Equal("unknown function 'summ'; did you mean 'sum'?", d[0].Message);
        Assert.Equal("log_softmax", NameSuggester.Suggest("logsoftmax"));
        Assert.Equal("sin", NameSuggester.Suggest("sinn"));
    }

    [Fact]
    public void Tensor_function_needs_parentheses()
    {
        // 1:1: error SD1011: function 'sum' needs parentheses: sum(x)
        var d = Fails("sum x", (FunctionNeedsParentheses, 1, 3));
        Assert.Equal("function 'sum' needs parentheses: sum(x)", d[0].Message);
        Assert.Equal("function 'outer' needs parentheses: outer(x, y)", Fails("outer", (FunctionNeedsParentheses, 1, 5))[0].Message);
    }

    [Fact]
    public void Dangling_matmul()
    {
        Fails("A@", (MissingOperand, 3, 0));
        Fails("@x", (MissingOperand, 1, 1));
        Fails("A@@x", (MissingOperand, 3, 1));
    }

    // ---- depth and length ----

    [Fact]
    public void Lists_nest_up_to_the_limit_and_deeper_is_a_diagnostic()
    {
        var ok = Repeat("[", Parser.MaxDepth) + "1" + Repeat("]", Parser.MaxDepth);
        Assert.IsType<ListSyntax>(Tree(ok));
        Assert.Equal(Parser.MaxDepth + 1, SyntaxWalk.PostOrder(Tree(ok)).Count);
        var deep = Repeat("[", 5000) + "1" + Repeat("]", 5000);
        // 1:1001: error SD1014: expression nests deeper than 1000 levels
        Fails(deep, (NestingTooDeep, Parser.MaxDepth + 1, 1));
        var unclosed = Parser.Parse(Repeat("[", 5000) + "1");
        Assert.Equal(1, unclosed.Diagnostics.Count(d => d.Code == NestingTooDeep));
        Assert.Contains(unclosed.Diagnostics, d => d.Code == UnclosedBracket);
    }

    [Fact]
    public void Long_matmul_and_transpose_chains_do_not_overflow()
    {
        const int n = 100_000;
        var chain = "a" + Repeat("@a", n - 1);
        var tree = Parser.ParseSyntax(chain).Syntax;
        Assert.IsType<MatMulSyntax>(tree);
        Assert.Equal(2 * n - 1, SyntaxWalk.PostOrder(tree).Count);
        Fails(chain, (TensorSyntaxNeedsShapes, 1, chain.Length));
        var transposes = "x" + Repeat(".T", n);
        Assert.Equal(n + 1, SyntaxWalk.PostOrder(Tree(transposes)).Count);
    }
}

/// <summary>Point bindings with vector/matrix values.</summary>
public class TensorBindingTests
{
    private const string Point = "W=[[1, 2], [3, 4]], x=[1, -1]";

    [Fact]
    public void Commas_inside_brackets_belong_to_the_list()
    {
        var r = BindingParser.Parse(Point, tensors: true);
        Assert.True(r.Success, ParseAssert.Rendered(Point, r.Diagnostics));
        Assert.Empty(r.Bindings);
        Assert.Equal(["W", "x"], r.Tensors.Select(t => t.Name));
        Assert.Equal(["[[1, 2], [3, 4]]", "[1, -1]"], r.Tensors.Select(t => Point.Substring(t.Value.Span.Start, t.Value.Span.Length)));
        Assert.All(r.Tensors, t => Assert.IsType<ListSyntax>(t.Value));
        Assert.Equal(new TextSpan(20, 9), r.Tensors[1].Span);
    }

    [Fact]
    public void Scalar_bindings_are_unchanged_beside_tensors()
    {
        var r = BindingParser.Parse("y=max(1, 2), W=[1, 2]", tensors: true);
        Assert.True(r.Success);
        Assert.Equal("2", Assert.Single(r.Bindings).Value.ToString());
        Assert.Equal("W", Assert.Single(r.Tensors).Name);
        var lone = BindingParser.Parse("[1, 2]", tensors: true);
        Assert.Null(Assert.Single(lone.Tensors).Name);
    }

    [Fact]
    public void A_scalar_point_refuses_tensor_values()
    {
        // 1:3: error SD1206: 'W' has a vector/matrix value; only numbers are accepted here
        var r = BindingParser.Parse(Point);
        Assert.False(r.Success);
        Assert.Equal([(DiagnosticCode.TensorBindingValue, 3, 16), (DiagnosticCode.TensorBindingValue, 23, 7)], r.Diagnostics.Select(d => (d.Code, d.Column, d.Span.Length)));
        Assert.Equal("'W' has a vector/matrix value; only numbers are accepted here", r.Diagnostics[0].Message);
        Assert.Equal("the point has a vector/matrix value; only numbers are accepted here", BindingParser.Parse("[1]").Diagnostics[0].Message);
    }

    [Fact]
    public void Tensor_values_must_be_constant_and_well_formed()
    {
        Assert.Equal([DiagnosticCode.NonConstantBinding], BindingParser.Parse("W=[x, 1]", tensors: true).Diagnostics.Select(d => d.Code));
        Assert.Equal([DiagnosticCode.UnclosedBracket], BindingParser.Parse("W=[1, 2", tensors: true).Diagnostics.Select(d => d.Code));
        Assert.Equal([DiagnosticCode.ReservedBindingName], BindingParser.Parse("sum=1").Diagnostics.Select(d => d.Code));
    }
}
