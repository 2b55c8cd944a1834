namespace TwinLab.Server.Events;

/// <summary>Where server components hand events for the live stream (<c>/events</c>) and, later, event routes.</summary>
public interface IEventPublisher
{
    /// <summary>Publishes an event to every current subscriber whose filter it passes; never blocks the caller.</summary>
    void Publish(TwinLabEvent e);
}
