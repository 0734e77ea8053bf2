using SymDiff.Evaluation;
using SymDiff.Functions;
using SymDiff.Numbers;
using SymDiff.Tests.Numbers;

namespace SymDiff.Tests.Functions;

public class PreciseFunctionsTests
{
    public static TheoryData<string, int> Rows()
    {
        var rows = new TheoryData<string, int>();
        foreach (var row in FunctionTable.All) rows.Add(row.Name, row.Arity);
        return rows;
    }

    private static IEnumerable<double[]> PointsInDomain(FunctionInfo row)
    {
        var random = new Random(FunctionTable.All.IndexOf(row) * 7919 + 23);
        var (low, high) = row.TestDomain;
        for (var p = 0; p < 20; p++)
            yield return [.. Enumerable.Range(0, row.Arity).Select(_ => low + (high - low) * random.NextDouble())];
    }

    private static DoubleDouble Evaluate(FunctionInfo row, double[] args) =>
        PreciseFunctions.Evaluate(row, [.. args.Select(a => new DoubleDouble(a))]);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_row_resolves_and_agrees_with_its_double_Eval(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        Assert.True(PreciseFunctions.Resolves(row), $"{row} has no double-double implementation");
        foreach (var args in PointsInDomain(row))
        {
            // Where PyTorch approximates (softplus above 20) the double Eval follows PyTorch, the reference does not.
            if (row.Approximation?.AppliesAt(args) == true) continue;
            var expected = row.Evaluate(args);
            var actual = Evaluate(row, args).ToDouble();
            Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Abs(expected) + 1e-300,
                $"{row} at ({string.Join(", ", args)}): double-double {actual:R}, Eval {expected:R}");
        }
    }

    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1, -1, 0.5, 2, -3];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Special_arguments_give_what_the_double_Eval_gives(string name, int arity)
    {
        // NaN in gives NaN out, kinks and ties follow the row's convention, poles and overflow give the same
        // infinities, and everything finite agrees to 1e-13.
        var row = FunctionTable.Lookup(name, arity)!;
        IEnumerable<double[]> points = arity switch
        {
            0 => [[]],
            1 => Specials.Select(x => new[] { x }),
            _ => Specials.SelectMany(x => Specials.Select(y => new[] { x, y })),
        };
        foreach (var args in points)
        {
            var expected = row.Evaluate(args);
            var actual = Evaluate(row, args).ToDouble();
            var where = $"{row}({string.Join(", ", args)}): double-double {actual:R}, Eval {expected:R}";
            if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
                Assert.True(expected.Equals(actual), where);
            else
                Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Abs(expected), where);
        }
    }

    [Fact]
    public void Conventions_at_kinks_and_ties()
    {
        DoubleDouble Call(string name, params double[] args) => Evaluate(FunctionTable.Lookup(name, args.Length)!, args);
        PreciseAssert.Same(0.0, Call("sign", 0.0), "sign(0)");
        PreciseAssert.Same(0.0, Call("sign", -0.0), "sign(-0)");
        PreciseAssert.Same(0.0, Call("heaviside", 0.0), "heaviside(0)");
        PreciseAssert.Same(0.0, Call("relu", -0.0), "relu(-0)");
        PreciseAssert.Same(0.0, Call("relu", -2), "relu(-2)");
        PreciseAssert.Same(double.NaN, Call("relu", double.NaN), "relu(NaN)");
        PreciseAssert.Same(double.NaN, Call("max", double.NaN, 1), "max(NaN, 1)");
        PreciseAssert.Same(double.NaN, Call("min", 1, double.NaN), "min(1, NaN)");
        PreciseAssert.Same(double.PositiveInfinity, Call("csc", 0.0), "csc(0)");
        PreciseAssert.Same(double.PositiveInfinity, Call("cot", 0.0), "cot(0)");
        PreciseAssert.Same(double.NegativeInfinity, Call("cot", -0.0), "cot(-0)");
        PreciseAssert.Same(double.NaN, Call("pow", -8, 1.0 / 3), "pow(-8, 1/3)");
        PreciseAssert.Same(double.PositiveInfinity, Call("pow", 0, -1), "pow(0, -1)");
        PreciseAssert.Same(double.NaN, Call("log", -1, 2), "log(-1, 2)");
        PreciseAssert.Same(double.NaN, Call("log", 1, 1), "log(1, 1) = 0/0");
        PreciseAssert.Same(-2.0, Call("cbrt", -8), "cbrt(-8)");
    }

    [Fact]
    public void Softplus_is_the_true_function_above_PyTorch_threshold()
    {
        // PyTorch (and the double Eval) give x itself above 20; log(1 + e^20.5) = 20.5 + 1.25e-9.
        var softplus = FunctionTable.Lookup("softplus", 1)!;
        Assert.Equal(20.5, softplus.Evaluate([20.5]));
        PreciseAssert.Close("20.50000000125015286560530153492133928418", Evaluate(softplus, [20.5]), 1e-31, "softplus(20.5)");
    }

    /// <summary>
    /// Every row at several points against mpmath 1.3 (mp.dps = 50) from the exact double arguments, printed with
    /// mp.nstr(v, 40); e.g. <c>mp.nstr(mp.log(mpf(8.0))/mp.log(mpf(2.0)), 40)</c> for log(8, 2). The second argument
    /// is 0 for rows of arity 0 and 1.
    /// </summary>
    public static TheoryData<string, int, double, double, string> MpmathValues => new()
    {
        { "pi", 0, 0.0, 0.0, "3.141592653589793238462643383279502884197" },
        { "sin", 1, 0.5, 0.0, "0.4794255386042030002732879352155713880818" },
        { "sin", 1, -2.75, 0.0, "-0.3816609920523316985765613723777803010822" },
        { "sin", 1, 1e-09, 0.0, "1.000000000000000062114924791113189721098e-9" },
        { "sin", 1, 355.0, 0.0, "-3.014435335948844921433028000865009959026e-5" },
        { "sin", 1, 1e+22, 0.0, "-0.8522008497671888017727058937530293682618" },
        { "cos", 1, 0.5, 0.0, "0.8775825618903727161162815826038296519916" },
        { "cos", 1, -2.75, 0.0, "-0.9243023786324635440966594895267134782109" },
        { "cos", 1, 1.5707963267948966, 0.0, "6.12323399573676588613032966137500146464e-17" },
        { "cos", 1, 1000000.0, 0.0, "0.9367521275331447869385325350749187757081" },
        { "tan", 1, 0.5, 0.0, "0.5463024898437905132551794657802853832976" },
        { "tan", 1, -1.2, 0.0, "-2.572151622126318597193252191680531302866" },
        { "tan", 1, 1.5707963267948966, 0.0, "16331239353195369.75596773704152891653086" },
        { "tan", 1, 100.0, 0.0, "-0.5872139151569290766778096356445878942588" },
        { "sec", 1, 0.5, 0.0, "1.139493927324549122313327768204949928424" },
        { "sec", 1, -1.2, 0.0, "2.759703601332406141652209825405998212788" },
        { "sec", 1, 3.0, 0.0, "-1.010108665907993751303036481463192955185" },
        { "csc", 1, 0.5, 0.0, "2.085829642933488185772501675459290301962" },
        { "csc", 1, 2.9, 0.0, "4.179740036410338836728084092683616938096" },
        { "csc", 1, -1e-08, 0.0, "-99999999.99999999957441058365381949722474" },
        { "cot", 1, 0.5, 0.0, "1.830487721712451919268019438968816623758" },
        { "cot", 1, 2.9, 0.0, "-4.058352716555265188075897539528608604865" },
        { "cot", 1, 3.141592653589793, 0.0, "-8165619676597684.877983868520764427649262" },
        { "asin", 1, 0.5, 0.0, "0.5235987755982988730771072305465838140329" },
        { "asin", 1, -0.9, 0.0, "-1.119769514998634237627203046720413260743" },
        { "asin", 1, 0.9999999999, 0.0, "1.570782184658687707667677449426364237266" },
        { "asin", 1, 1e-10, 0.0, "1.000000000000000036433863982164408246014e-10" },
        { "acos", 1, 0.5, 0.0, "1.047197551196597746154214461093167628066" },
        { "acos", 1, -0.9, 0.0, "2.690565841793530856858524738360164702841" },
        { "acos", 1, 0.9999999999, 0.0, "1.414213620891156364424221338720483246596e-5" },
        { "acos", 1, -1.0, 0.0, "3.141592653589793238462643383279502884197" },
        { "atan", 1, 0.5, 0.0, "0.4636476090008061162142562314612144020285" },
        { "atan", 1, -3.0, 0.0, "-1.249045772398254425829917077281090123078" },
        { "atan", 1, 1e-10, 0.0, "1.000000000000000036428863982164408245468e-10" },
        { "atan", 1, 1000000000000000.0, 0.0, "1.570796326794895619231321691639751442099" },
        { "atan2", 2, 0.5, 2.0, "0.2449786631268641541720824812112758109141" },
        { "atan2", 2, 1.0, -3.0, "2.819842099193151045061238768920841565176" },
        { "atan2", 2, -1e-12, -1.0, "-3.141592653588793238462643383299616236901" },
        { "atan2", 2, 3.0, 1e-09, "1.570796326461563285897988337558233301851" },
        { "sinh", 1, 0.5, 0.0, "0.5210953054937473616224256264114915591059" },
        { "sinh", 1, -3.0, 0.0, "-10.01787492740990189897459361946582806018" },
        { "sinh", 1, 1e-09, 0.0, "1.000000000000000062448258124446523116713e-9" },
        { "sinh", 1, 710.0, 0.0, "1.116997383080855515626822229058405003284e+308" },
        { "cosh", 1, 0.5, 0.0, "1.127625965206380785226225161402672012548" },
        { "cosh", 1, -3.0, 0.0, "10.06766199577776584195393603511588983681" },
        { "cosh", 1, 12.0, 0.0, "81377.39571257406658066670732858454567451" },
        { "cosh", 1, 700.0, 0.0, "5.071160273675022547276647976156338076023e+303" },
        { "tanh", 1, 0.5, 0.0, "0.4621171572600097585023184836436725487303" },
        { "tanh", 1, -3.0, 0.0, "-0.9950547536867304513318801852554884750978" },
        { "tanh", 1, 1e-09, 0.0, "1.000000000000000061948258124446523023415e-9" },
        { "tanh", 1, 20.0, 0.0, "0.9999999999999999915032914894168220454386" },
        { "asinh", 1, 0.5, 0.0, "0.4812118250596034474977589134243684231352" },
        { "asinh", 1, -3.0, 0.0, "-1.818446459232066823483698963560708993786" },
        { "asinh", 1, 1e-09, 0.0, "1.000000000000000062114924791113189721165e-9" },
        { "asinh", 1, 1e+200, 0.0, "461.2101657793690820827486452708413792897" },
        { "acosh", 1, 1.5, 0.0, "0.9624236501192068949955178268487368462704" },
        { "acosh", 1, 4.0, 0.0, "2.063437068895560546727281172620131871457" },
        { "acosh", 1, 1.0000000001, 0.0, "1.414213620867586135459355823496006784301e-5" },
        { "acosh", 1, 1e+200, 0.0, "461.2101657793690820827486452708413792897" },
        { "atanh", 1, 0.5, 0.0, "0.5493061443340548456976226184612628523237" },
        { "atanh", 1, -0.9, 0.0, "-1.472219489583220346870095255434101210282" },
        { "atanh", 1, 1e-09, 0.0, "1.000000000000000062614924791113189814712e-9" },
        { "atanh", 1, 0.9999999999, 0.0, "11.85949901385501728467640616147779144234" },
        { "exp", 1, 0.5, 0.0, "1.648721270700128146848650787814163571654" },
        { "exp", 1, -3.0, 0.0, "0.0497870683678639429793424156500617766317" },
        { "exp", 1, 1e-09, 0.0, "1.00000000100000000050000006244825818677" },
        { "exp", 1, 700.0, 0.0, "1.014232054735004509455329595231267615205e+304" },
        { "exp", 1, -600.0, 0.0, "2.650396553004310816338679447269582701529e-261" },
        { "log", 1, 0.5, 0.0, "-0.6931471805599453094172321214581765680755" },
        { "log", 1, 4.0, 0.0, "1.386294361119890618834464242916353136151" },
        { "log", 1, 1.0000000001, 0.0, "1.000000082690370990819669408035763778612e-10" },
        { "log", 1, 1e-300, 0.0, "-690.7755278982137051803383445701005029086" },
        { "log", 1, 1e+300, 0.0, "690.7755278982137052579021966605136811507" },
        { "log", 2, 8.0, 2.0, "3.0" },
        { "log", 2, 0.3, 1.5, "-2.96936229591611811890753213148962494898" },
        { "log", 2, 1e+100, 10.0, "100.0000000000000000069065378552770130477" },
        { "log2", 1, 0.3, 0.0, "-1.736965594166206219807022215790202754792" },
        { "log2", 1, 3.0, 0.0, "1.58496250072115618145373894394781650876" },
        { "log2", 1, 1.0000000001, 0.0, "1.442695160185951565084061222270149123822e-10" },
        { "log10", 1, 0.3, 0.0, "-0.522878745280337578777096539299670166863" },
        { "log10", 1, 3.0, 0.0, "0.4771212547196624372950279032551153092001" },
        { "log10", 1, 1.0000000001, 0.0, "4.342945178152236554968417356788328303751e-11" },
        { "log10", 1, 1e-300, 0.0, "-299.9999999999999999891169746944620038226" },
        { "log1p", 1, 0.5, 0.0, "0.405465108108164381978013115464349136572" },
        { "log1p", 1, -0.8, 0.0, "-1.609437912434100596645364258257520376155" },
        { "log1p", 1, 1e-12, 0.0, "9.999999999994999798866479626090620527069e-13" },
        { "log1p", 1, 10000000000.0, 0.0, "23.02585093004045684017491454684397540934" },
        { "expm1", 1, 0.5, 0.0, "0.6487212707001281468486507878141635716538" },
        { "expm1", 1, -3.0, 0.0, "-0.9502129316321360570206575843499382233683" },
        { "expm1", 1, 1e-12, 0.0, "1.00000000000049997988664779590216868159e-12" },
        { "expm1", 1, -1e-12, 0.0, "-9.999999999994999798866477959423953862486e-13" },
        { "expm1", 1, 30.0, 0.0, "10686474581523.46214699046865074140165002" },
        { "sqrt", 1, 2.0, 0.0, "1.41421356237309504880168872420969807857" },
        { "sqrt", 1, 0.3, 0.0, "0.5477225575051661033220665419872727524121" },
        { "sqrt", 1, 1e-300, 0.0, "1.000000000000000012529545917604379764353e-150" },
        { "cbrt", 1, 2.0, 0.0, "1.25992104989487316476721060727822835057" },
        { "cbrt", 1, -0.3, 0.0, "-0.6694329500821695136246607177069564449437" },
        { "cbrt", 1, 1e+300, 0.0, "1.000000000000000017501586751734806443263e+100" },
        { "abs", 1, -0.3, 0.0, "0.2999999999999999888977697537484345957637" },
        { "abs", 1, 2.0, 0.0, "2.0" },
        { "sign", 1, -0.3, 0.0, "-1.0" },
        { "sign", 1, 2.0, 0.0, "1.0" },
        { "heaviside", 1, -0.3, 0.0, "0" },
        { "heaviside", 1, 2.0, 0.0, "1.0" },
        { "pow", 2, 2.0, 0.5, "1.41421356237309504880168872420969807857" },
        { "pow", 2, 0.3, 2.5, "0.0492950301754649456504208220859841391425" },
        { "pow", 2, 10.0, -20.5, "3.16227766016837933199889354443271853372e-21" },
        { "pow", 2, 1.0000001, 10000000.0, "2.718281694132081570601965605477665373037" },
        { "sigmoid", 1, 0.5, 0.0, "0.6224593312018545646389005657455084787533" },
        { "sigmoid", 1, -3.0, 0.0, "0.04742587317756678087884815177175220138618" },
        { "sigmoid", 1, -40.0, 0.0, "4.248354255291588977280720904404506371435e-18" },
        { "sigmoid", 1, 40.0, 0.0, "0.9999999999999999957516457447084110227193" },
        { "softplus", 1, 0.5, 0.0, "0.9740769841801066808729973550811707497556" },
        { "softplus", 1, -3.0, 0.0, "0.04858735157374205875892591985468999794188" },
        { "softplus", 1, -40.0, 0.0, "4.248354255291588986304977843631582181878e-18" },
        { "softplus", 1, 20.5, 0.0, "20.50000000125015286560530153492133928418" },
        { "softplus", 1, 40.0, 0.0, "40.0000000000000000042483542552915889863" },
        { "relu", 1, -0.3, 0.0, "0" },
        { "relu", 1, 2.0, 0.0, "2.0" },
        { "erf", 1, 0.5, 0.0, "0.5204998778130465376827466538919645287365" },
        { "erf", 1, -1.5, 0.0, "-0.9661051464753107270669762616459478586814" },
        { "erf", 1, 1e-09, 0.0, "1.128379167095512643797282808602332738708e-9" },
        { "erf", 1, 3.0, 0.0, "0.9999779095030014145586272238704176796202" },
        { "erfc", 1, 0.5, 0.0, "0.4795001221869534623172533461080354712635" },
        { "erfc", 1, -1.5, 0.0, "1.966105146475310727066976261645947858681" },
        { "erfc", 1, 3.0, 0.0, "2.209049699858544137277612958232037984771e-5" },
        { "erfc", 1, 10.0, 0.0, "2.088487583762544757000786294957788611561e-45" },
        { "erfc", 1, 26.0, 0.0, "5.663192408856142846475727896926092580329e-296" },
        { "min", 2, 0.3, -2.0, "-2.0" },
        { "min", 2, 1.0, 3.0, "1.0" },
        { "max", 2, 0.3, -2.0, "0.2999999999999999888977697537484345957637" },
        { "max", 2, 1.0, 3.0, "3.0" },
    };

    [Theory]
    [MemberData(nameof(MpmathValues))]
    public void Row_agrees_with_mpmath(string name, int arity, double a, double b, string expected)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        double[] args = [.. new[] { a, b }.Take(arity)];
        // Worst seen: 4.2e-31 for pow(10, -20.5), where the exponent times log 10 is 47; most rows stay below 3e-32.
        PreciseAssert.Close(expected, Evaluate(row, args), 1e-30, $"{row}({string.Join(", ", args)})");
    }
}
