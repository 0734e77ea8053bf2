// The whole run of a trivial .NET console app: the floor for `symdiff grad ... --no-autograd`.
Console.WriteLine("dotnet floor");
