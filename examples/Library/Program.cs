using SymDiff.Expressions;
using SymDiff.Syntax;

var f = Expr.Parse("sin(x^2)");                      // the canonical form; bad input throws ParseException
var x = Expr.Symbol("x");
var g = x.Pow(3) / 3 + 2 * x + Expr.Call("exp", -x); // operators; C#'s ^ is xor, so powers are .Pow
var d = f.Differentiate("x");
Console.WriteLine(d);                                 // 2*x*cos(x^2)
Console.WriteLine(d.ToLatex());                       // 2 x \cos\left(x^{2}\right)
Console.WriteLine(d.Evaluate(("x", 1)));              // 1.0806046117362795
Console.WriteLine(g.Differentiate("x").Simplify());   // x^2 - exp(-x) + 2
try { Expr.Parse("sinn(x)"); }
catch (ParseException e) { Console.WriteLine(e.Diagnostics[0]); } // 1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?
