using ScottPlot;
using SkiaSharp;

namespace SymDiff.Cli.Plotting;

/// <summary>The image formats a figure can be written in.</summary>
public enum ImageFormat { Png, Svg }

/// <summary>Writes a figure (one plot or stacked panels) to a PNG or SVG file of the requested size.</summary>
/// <example><code>ImageWriter.Save(new Multiplot(plot), "plot.svg", 900, 700, ImageFormat.Svg);</code></example>
public static class ImageWriter
{
    public static void Save(IMultiplot figure, string path, int width, int height, ImageFormat format)
    {
        using var stream = File.Create(path);
        switch (format)
        {
            case ImageFormat.Svg:
            {
                // SKSvgCanvas writes the document when it is disposed, before the stream is.
                using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
                {
                    canvas.Clear(SKColors.White);
                    figure.Render(canvas, new PixelRect(0, width, height, 0));
                }
                break;
            }
            default:
            {
                using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
                surface.Canvas.Clear(SKColors.White);
                figure.Render(surface.Canvas, new PixelRect(0, width, height, 0));
                using var image = surface.Snapshot();
                using var data = image.Encode(SKEncodedImageFormat.Png, 100);
                data.SaveTo(stream);
                break;
            }
        }
    }
}
