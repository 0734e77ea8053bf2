using System.Globalization;
using System.Numerics;

namespace SymDiff.Numbers;

public readonly partial struct DoubleDouble
{
    /// <summary>
    /// Every constant the functions use, in one place and in dependency order. NOTE: static initialisers of a partial
    /// type run in an unspecified order across its files, so the struct itself holds no static fields that depend on
    /// others; this class is initialised on first use, after which its fields are plain reads.
    /// </summary>
    private static class Constants
    {
        // Decimal expansions from mpmath (mp.dps = 120): str(mp.pi), str(mp.e), str(mp.log(2)), ...
        public static readonly DoubleDouble Pi = Parse("3.141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117067982148086513");
        public static readonly DoubleDouble E = Parse("2.718281828459045235360287471352662497757247093699959574966967627724076630353547594571382178525166427427466391932");
        public static readonly DoubleDouble Ln2 = Parse("0.693147180559945309417232121458176568075500134360255254120680009493393621969694715605863326996418687542001481020");
        public static readonly DoubleDouble Ln10 = Parse("2.302585092994045684017991454684364207601101488628772976033327900967572609677352480235997205089598298341967784042");
        public static readonly DoubleDouble PiOver2 = ScaleB(Pi, -1);
        public static readonly DoubleDouble TwoOverSqrtPi = Parse("1.128379167095512573896158903121545171688101258657997713688171443421284936882986828973487320404214726886056695812");

        // ln 2 as three doubles (about 160 bits): k ln2 is then exact enough for any exponent k of double's range.
        public static readonly double[] Ln2Parts = SplitConstant("0.693147180559945309417232121458176568075500134360255254120680009493393621969694715605863326996418687542001481020", 3);

        // pi/2 as four doubles (about 210 bits): x - k pi/2 keeps its digits for every k below 2^20.
        public static readonly double[] PiOver2Parts = SplitConstant("1.570796326794896619231321691639751442098584699687552910487472296153908203143104499314017412671058533991074043256", 4);

        // floor(2/pi * 2^1600), for Payne-Hanek reduction of large arguments (mpmath, mp.prec = 2000: hex(floor(2/pi*2**1600))).
        public static readonly BigInteger TwoOverPiBits = BigInteger.Parse(
            "0a2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e006492eea09d1921cfe1deb1cb129a73ee8" +
            "8235f52ebb4484e99c7026b45f7e413991d639835339f49c845f8bbdf9283b1ff897ffde05980fef2f118b5a0a6d1f6d367ecf27cb09b74f463f" +
            "669e5fea2d7527bac7ebe5f17b3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b6babf0cfbc209af4361da9e391615ee61b086599855f14" +
            "a068408dffd8804d73273106061556ca73a8c960e27bc08c6b47c4", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        public const int TwoOverPiScale = 1600;

        // 1/k!, rounded once from the exact rational.
        public static readonly DoubleDouble[] InverseFactorials = BuildInverseFactorials(32);

        // Taylor coefficients (-1)^k/(2k+1)! and (-1)^k/(2k)!: r^29/29! and r^30/30! are below 2^-110 for |r| <= pi/4.
        public static readonly DoubleDouble[] SinCoefficients = AlternatingFactorials(1, 15);
        public static readonly DoubleDouble[] CosCoefficients = AlternatingFactorials(0, 16);

        // 1/(2n + 1) for the erf series (a multiplication costs a fifth of a division).
        public static readonly DoubleDouble[] InverseOdds = [.. Enumerable.Range(0, 400).Select(n => FromRatio(1, 2 * n + 1))];

        private static DoubleDouble[] BuildInverseFactorials(int count)
        {
            var result = new DoubleDouble[count];
            var factorial = BigInteger.One;
            for (var k = 0; k < count; k++)
            {
                if (k > 0) factorial *= k;
                result[k] = FromRatio(BigInteger.One, factorial);
            }
            return result;
        }

        private static DoubleDouble[] AlternatingFactorials(int first, int count)
        {
            var result = new DoubleDouble[count];
            for (var k = 0; k < count; k++)
            {
                var c = InverseFactorials[first + 2 * k];
                result[k] = k % 2 == 0 ? c : -c;
            }
            return result;
        }

        // A decimal constant as several doubles, each the nearest double to what the previous ones leave.
        private static double[] SplitConstant(string digits, int parts)
        {
            if (!Rational.TryParseDecimal(digits, out var rest)) throw new FormatException(digits);
            var result = new double[parts];
            for (var i = 0; i < parts; i++)
            {
                result[i] = FromRational(rest).Hi;
                rest -= ExactRational(result[i]);
            }
            return result;
        }
    }
}
