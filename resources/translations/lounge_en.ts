<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>lounge::gui::BannerBar</name>
    <message>
        <source>⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…</source>
        <translation>⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…</translation>
    </message>
    <message numerus="yes">
        <source>Offline: checking against the local cache. %Ln visit(s) waiting to upload.</source>
        <translation>
            <numerusform>Offline: checking against the local cache. %Ln visit waiting to upload.</numerusform>
            <numerusform>Offline: checking against the local cache. %Ln visits waiting to upload.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 signed %2 out of this desk. Visits from now on are recorded under %1.</source>
        <translation>%1 signed %2 out of this desk. Visits from now on are recorded under %1.</translation>
    </message>
    <message>
        <source>Data last updated %1. Check the network connection.</source>
        <translation>Data last updated %1. Check the network connection.</translation>
    </message>
    <message>
        <source>checking the pass…</source>
        <translation>checking the pass…</translation>
    </message>
    <message>
        <source>Next guest: %1 (scanned, waits until this guest is finished)</source>
        <translation>Next guest: %1 (scanned, waits until this guest is finished)</translation>
    </message>
    <message>
        <source>That code is not a staff badge. Sign in first; guests are checked once the desk is open.</source>
        <translation>That code is not a staff badge. Sign in first; guests are checked once the desk is open.</translation>
    </message>
    <message>
        <source>Finish this guest first: one more guest is already waiting. Scan again after.</source>
        <translation>Finish this guest first: one more guest is already waiting. Scan again after.</translation>
    </message>
    <message>
        <source>⚠ %1 Do not admit, and do not set this desk up again: call IT to restore the file.</source>
        <translation>⚠ %1 Do not admit, and do not set this desk up again: call IT to restore the file.</translation>
    </message>
    <message>
        <source>This is not a boarding pass. Scan the lounge pass or a boarding pass.</source>
        <translation>This is not a boarding pass. Scan the lounge pass or a boarding pass.</translation>
    </message>
    <message>
        <source>This boarding pass is damaged — scan it again.</source>
        <translation>This boarding pass is damaged — scan it again.</translation>
    </message>
    <message>
        <source>Boarding passes are not checked at this lounge. Scan the lounge pass.</source>
        <translation>Boarding passes are not checked at this lounge. Scan the lounge pass.</translation>
    </message>
</context>
<context>
    <name>lounge::gui::BoardingPassScreen</name>
    <message>
        <source>Only a supervisor can admit without a boarding pass.</source>
        <translation>Only a supervisor can admit without a boarding pass.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again at %1.</source>
        <translation>Too many wrong PINs. Try again at %1.</translation>
    </message>
    <message>
        <source>The override could not be checked. Try again.</source>
        <translation>The override could not be checked. Try again.</translation>
    </message>
    <message>
        <source>Wrong staff number or PIN.</source>
        <translation>Wrong staff number or PIN.</translation>
    </message>
    <message>
        <source>Boarding pass on a phone that does not scan</source>
        <translation>Boarding pass on a phone that does not scan</translation>
    </message>
    <message>
        <source>Connecting flight: boarding pass not issued yet</source>
        <translation>Connecting flight: boarding pass not issued yet</translation>
    </message>
    <message>
        <source>Airline check-in system down</source>
        <translation>Airline check-in system down</translation>
    </message>
    <message>
        <source>Crew or airline staff</source>
        <translation>Crew or airline staff</translation>
    </message>
    <message>
        <source>Reason (pick or type)</source>
        <translation>Reason (pick or type)</translation>
    </message>
    <message>
        <source>Supervisor staff number</source>
        <translation>Supervisor staff number</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Supervisor PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Admit without boarding pass</source>
        <translation>Admit without boarding pass</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>No boarding pass</source>
        <translation>No boarding pass</translation>
    </message>
    <message>
        <source>Admit without a boarding pass: a supervisor authorises, with a reason.</source>
        <translation>Admit without a boarding pass: a supervisor authorises, with a reason.</translation>
    </message>
    <message>
        <source>Admit without a boarding pass: give the reason.</source>
        <translation>Admit without a boarding pass: give the reason.</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>Give a reason.</translation>
    </message>
    <message>
        <source>A supervisor enters their staff number and PIN.</source>
        <translation>A supervisor enters their staff number and PIN.</translation>
    </message>
    <message>
        <source>Scan boarding pass</source>
        <translation>Scan boarding pass</translation>
    </message>
    <message>
        <source>This lounge needs today&apos;s boarding pass.</source>
        <translation>This lounge needs today&apos;s boarding pass.</translation>
    </message>
    <message>
        <source>%1: this lounge needs today&apos;s boarding pass.</source>
        <translation>%1: this lounge needs today&apos;s boarding pass.</translation>
    </message>
    <message>
        <source>Now scan the lounge pass</source>
        <translation>Now scan the lounge pass</translation>
    </message>
    <message>
        <source>Boarding pass for %1</source>
        <translation>Boarding pass for %1</translation>
    </message>
    <message>
        <source>Boarding pass for %1, %2</source>
        <translation>Boarding pass for %1, %2</translation>
    </message>
    <message>
        <source>Guest %1 of %2: scan boarding pass</source>
        <translation>Guest %1 of %2: scan boarding pass</translation>
    </message>
    <message>
        <source>Guests of %1</source>
        <translation>Guests of %1</translation>
    </message>
    <message>
        <source>This is not a boarding pass. Scan the boarding pass.</source>
        <translation>This is not a boarding pass. Scan the boarding pass.</translation>
    </message>
    <message>
        <source>This boarding pass is damaged — scan it again.</source>
        <translation>This boarding pass is damaged — scan it again.</translation>
    </message>
    <message>
        <source>This is not a lounge pass. Scan the lounge pass.</source>
        <translation>This is not a lounge pass. Scan the lounge pass.</translation>
    </message>
</context>
<context>
    <name>lounge::gui::MainWindow</name>
    <message>
        <source>DEMO — demo data, not a real desk</source>
        <translation>DEMO — demo data, not a real desk</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ManualEntryScreen</name>
    <message>
        <source>Type the code or membership number</source>
        <translation>Type the code or membership number</translation>
    </message>
    <message>
        <source>e.g. 6001234500001001</source>
        <translation>e.g. 6001234500001001</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>lounge::gui::PaidEntryPanel</name>
    <message numerus="yes">
        <source>Paid entry recorded for %Ln person(s). Admit them.</source>
        <translation>
            <numerusform>Paid entry recorded for %Ln person. Admit them.</numerusform>
            <numerusform>Paid entry recorded for %Ln people. Admit them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid entry not recorded: %1</source>
        <translation>Paid entry not recorded: %1</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>Paid entry</translation>
    </message>
    <message>
        <source>Amount (optional)</source>
        <translation>Amount (optional)</translation>
    </message>
    <message>
        <source>Record paid entry</source>
        <translation>Record paid entry</translation>
    </message>
</context>
<context>
    <name>lounge::gui::PartySizeScreen</name>
    <message>
        <source>How many people are entering, including the member?</source>
        <translation>How many people are entering, including the member?</translation>
    </message>
    <message numerus="yes">
        <source>Up to %Ln guest(s) with this pass right now.</source>
        <translation>
            <numerusform>Up to %Ln guest with this pass right now.</numerusform>
            <numerusform>Up to %Ln guests with this pass right now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Admit %Ln</source>
        <translation>
            <numerusform>Admit %Ln</numerusform>
            <numerusform>Admit %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Admit anyway: how many people are entering, including the member?</source>
        <translation>Admit anyway: how many people are entering, including the member?</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ReadyScreen</name>
    <message>
        <source>Type a code</source>
        <translation>Type a code</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Ready: hold the pass code up to the camera</source>
        <translation>Ready: hold the pass code up to the camera</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ReasonText</name>
    <message>
        <source>Valid for entry.</source>
        <translation>Valid for entry.</translation>
    </message>
    <message>
        <source>This code is not known to this terminal.</source>
        <translation>This code is not known to this terminal.</translation>
    </message>
    <message>
        <source>This is not a lounge pass code.</source>
        <translation>This is not a lounge pass code.</translation>
    </message>
    <message>
        <source>This pass is not valid yet.</source>
        <translation>This pass is not valid yet.</translation>
    </message>
    <message>
        <source>This pass has expired.</source>
        <translation>This pass has expired.</translation>
    </message>
    <message>
        <source>This membership is not activated yet.</source>
        <translation>This membership is not activated yet.</translation>
    </message>
    <message>
        <source>This membership is suspended.</source>
        <translation>This membership is suspended.</translation>
    </message>
    <message>
        <source>This membership was cancelled.</source>
        <translation>This membership was cancelled.</translation>
    </message>
    <message>
        <source>This E-pass was revoked.</source>
        <translation>This E-pass was revoked.</translation>
    </message>
    <message>
        <source>This pass does not include this service.</source>
        <translation>This pass does not include this service.</translation>
    </message>
    <message>
        <source>This pass is not valid at this location.</source>
        <translation>This pass is not valid at this location.</translation>
    </message>
    <message>
        <source>No visits left on this pass.</source>
        <translation>No visits left on this pass.</translation>
    </message>
    <message>
        <source>Too many guests for this pass.</source>
        <translation>Too many guests for this pass.</translation>
    </message>
    <message>
        <source>This pass was used here a few minutes ago.</source>
        <translation>This pass was used here a few minutes ago.</translation>
    </message>
    <message>
        <source>The terminal&apos;s data is out of date.</source>
        <translation>The terminal&apos;s data is out of date.</translation>
    </message>
    <message>
        <source>This terminal is not set up for a lounge.</source>
        <translation>This terminal is not set up for a lounge.</translation>
    </message>
    <message>
        <source>The terminal&apos;s database is not available.</source>
        <translation>The terminal&apos;s database is not available.</translation>
    </message>
    <message>
        <source>This code is not genuine.</source>
        <translation>This code is not genuine.</translation>
    </message>
    <message>
        <source>This app code has expired.</source>
        <translation>This app code has expired.</translation>
    </message>
    <message>
        <source>This app code is not valid yet.</source>
        <translation>This app code is not valid yet.</translation>
    </message>
    <message>
        <source>This app code cannot be checked here.</source>
        <translation>This app code cannot be checked here.</translation>
    </message>
    <message>
        <source>This app code was already used.</source>
        <translation>This app code was already used.</translation>
    </message>
    <message>
        <source>A printed code is not accepted here.</source>
        <translation>A printed code is not accepted here.</translation>
    </message>
    <message>
        <source>The terminal&apos;s clock is not set.</source>
        <translation>The terminal&apos;s clock is not set.</translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation>Not valid.</translation>
    </message>
    <message>
        <source>Scan again, or type the membership number.</source>
        <translation>Scan again, or type the membership number.</translation>
    </message>
    <message>
        <source>Ask the guest to contact their card issuer; offer paid entry.</source>
        <translation>Ask the guest to contact their card issuer; offer paid entry.</translation>
    </message>
    <message>
        <source>Do not admit. Offer paid entry.</source>
        <translation>Do not admit. Offer paid entry.</translation>
    </message>
    <message>
        <source>Direct the guest to a lounge their pass covers, or offer paid entry.</source>
        <translation>Direct the guest to a lounge their pass covers, or offer paid entry.</translation>
    </message>
    <message>
        <source>Offer paid entry or a top-up from the card issuer.</source>
        <translation>Offer paid entry or a top-up from the card issuer.</translation>
    </message>
    <message>
        <source>Admit fewer guests; others can pay for entry.</source>
        <translation>Admit fewer guests; others can pay for entry.</translation>
    </message>
    <message>
        <source>Check it is the same person coming back, then admit anyway.</source>
        <translation>Check it is the same person coming back, then admit anyway.</translation>
    </message>
    <message>
        <source>Check the network. Admit only if you are sure.</source>
        <translation>Check the network. Admit only if you are sure.</translation>
    </message>
    <message>
        <source>Ask a supervisor to choose the lounge in Settings.</source>
        <translation>Ask a supervisor to choose the lounge in Settings.</translation>
    </message>
    <message>
        <source>Call a supervisor. Do not admit until the screen is green.</source>
        <translation>Call a supervisor. Do not admit until the screen is green.</translation>
    </message>
    <message>
        <source>Do not admit. Call a supervisor.</source>
        <translation>Do not admit. Call a supervisor.</translation>
    </message>
    <message>
        <source>Ask the guest to refresh the code in their app.</source>
        <translation>Ask the guest to refresh the code in their app.</translation>
    </message>
    <message>
        <source>Ask the guest to show the code from their app, or type the membership number.</source>
        <translation>Ask the guest to show the code from their app, or type the membership number.</translation>
    </message>
    <message>
        <source>Call a supervisor to sync the terminal.</source>
        <translation>Call a supervisor to sync the terminal.</translation>
    </message>
    <message>
        <source>ACCEPT</source>
        <translation>ACCEPT</translation>
    </message>
    <message>
        <source>ATTENTION</source>
        <translation>ATTENTION</translation>
    </message>
    <message>
        <source>REJECT</source>
        <translation>REJECT</translation>
    </message>
    <message>
        <source>NOT RECORDED</source>
        <translation>NOT RECORDED</translation>
    </message>
    <message>
        <source>The terminal&apos;s disk is full.</source>
        <translation>The terminal&apos;s disk is full.</translation>
    </message>
    <message>
        <source>The terminal cannot write its database.</source>
        <translation>The terminal cannot write its database.</translation>
    </message>
    <message>
        <source>The database is busy in another program.</source>
        <translation>The database is busy in another program.</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait, or ask a supervisor.</source>
        <translation>Too many wrong PINs. Wait, or ask a supervisor.</translation>
    </message>
    <message>
        <source>This visit can no longer be voided.</source>
        <translation>This visit can no longer be voided.</translation>
    </message>
    <message>
        <source>Member visits</source>
        <translation>Member visits</translation>
    </message>
    <message>
        <source>Guest visits</source>
        <translation>Guest visits</translation>
    </message>
    <message>
        <source>Shared visits</source>
        <translation>Shared visits</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>Lounge</translation>
    </message>
    <message>
        <source>Fast Track</source>
        <translation>Fast Track</translation>
    </message>
    <message>
        <source>Dining</source>
        <translation>Dining</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>Camera off</translation>
    </message>
    <message>
        <source>Camera starting</source>
        <translation>Camera starting</translation>
    </message>
    <message>
        <source>Camera on</source>
        <translation>Camera on</translation>
    </message>
    <message>
        <source>Demo video</source>
        <translation>Demo video</translation>
    </message>
    <message>
        <source>No camera found. Use the handheld scanner or type the code.</source>
        <translation>No camera found. Use the handheld scanner or type the code.</translation>
    </message>
    <message>
        <source>Camera unplugged. Plug it back in, or type the code.</source>
        <translation>Camera unplugged. Plug it back in, or type the code.</translation>
    </message>
    <message>
        <source>Camera in use by another program. Retrying.</source>
        <translation>Camera in use by another program. Retrying.</translation>
    </message>
    <message>
        <source>No permission to use the camera.</source>
        <translation>No permission to use the camera.</translation>
    </message>
    <message>
        <source>Camera failed. Retrying; type the code meanwhile.</source>
        <translation>Camera failed. Retrying; type the code meanwhile.</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>Standalone</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Sync error</source>
        <translation>Sync error</translation>
    </message>
    <message>
        <source>Online first</source>
        <translation>Online first</translation>
    </message>
    <message>
        <source>Offline first</source>
        <translation>Offline first</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>Synced (overdrawn)</source>
        <translation>Synced (overdrawn)</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Refused by central</source>
        <translation>Refused by central</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>just now</translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation>
            <numerusform>%Ln min ago</numerusform>
            <numerusform>%Ln min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln h ago</source>
        <translation>
            <numerusform>%Ln h ago</numerusform>
            <numerusform>%Ln h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln days ago</source>
        <translation>
            <numerusform>%Ln day ago</numerusform>
            <numerusform>%Ln days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong staff number or PIN. Try again.</source>
        <translation>Wrong staff number or PIN. Try again.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln second(s)</source>
        <translation>
            <numerusform>%Ln second</numerusform>
            <numerusform>%Ln seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln minute</numerusform>
            <numerusform>%Ln minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.</source>
        <translation>Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.</translation>
    </message>
    <message>
        <source>This staff account is disabled. Ask a supervisor.</source>
        <translation>This staff account is disabled. Ask a supervisor.</translation>
    </message>
    <message>
        <source>This staff account may not sign in at this lounge. Ask a supervisor.</source>
        <translation>This staff account may not sign in at this lounge. Ask a supervisor.</translation>
    </message>
    <message>
        <source>Sign-in is not available right now.</source>
        <translation>Sign-in is not available right now.</translation>
    </message>
    <message>
        <source>Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.</source>
        <translation>Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <source>Locked the desk</source>
        <translation>Locked the desk</translation>
    </message>
    <message>
        <source>Unlocked the desk</source>
        <translation>Unlocked the desk</translation>
    </message>
    <message>
        <source>Signed %1 out and took over</source>
        <translation>Signed %1 out and took over</translation>
    </message>
    <message>
        <source>Tried to sign %1 out: refused, not a supervisor</source>
        <translation>Tried to sign %1 out: refused, not a supervisor</translation>
    </message>
    <message>
        <source>Staff %1</source>
        <translation>Staff %1</translation>
    </message>
    <message>
        <source>less than a minute ago</source>
        <translation>less than a minute ago</translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s) ago</source>
        <translation>
            <numerusform>%Ln minute ago</numerusform>
            <numerusform>%Ln minutes ago</numerusform>
        </translation>
    </message>
    <message>
        <source>this desk</source>
        <translation>this desk</translation>
    </message>
    <message>
        <source>desk %1</source>
        <translation>desk %1</translation>
    </message>
    <message>
        <source>Used here %1, at %2: %3 at %4, by %5.</source>
        <translation>Used here %1, at %2: %3 at %4, by %5.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s)</source>
        <translation>
            <numerusform>%Ln person</numerusform>
            <numerusform>%Ln people</numerusform>
        </translation>
    </message>
    <message>
        <source>The central service could not be reached. Check the network cable or Wi-Fi.</source>
        <translation>The central service could not be reached. Check the network cable or Wi-Fi.</translation>
    </message>
    <message>
        <source>The central service did not answer in time.</source>
        <translation>The central service did not answer in time.</translation>
    </message>
    <message>
        <source>The central service sent an answer this terminal cannot read. Ask IT to check the versions.</source>
        <translation>The central service sent an answer this terminal cannot read. Ask IT to check the versions.</translation>
    </message>
    <message>
        <source>The central service no longer knows this terminal. Ask IT to enroll it again.</source>
        <translation>The central service no longer knows this terminal. Ask IT to enroll it again.</translation>
    </message>
    <message>
        <source>The central service refused this terminal. Ask IT to check its lounge and enrollment.</source>
        <translation>The central service refused this terminal. Ask IT to check its lounge and enrollment.</translation>
    </message>
    <message>
        <source>The terminal could not save what it received. Ask IT to check the terminal&apos;s storage.</source>
        <translation>The terminal could not save what it received. Ask IT to check the terminal&apos;s storage.</translation>
    </message>
    <message>
        <source>Sync stopped because of an unexpected error. It will try again by itself.</source>
        <translation>Sync stopped because of an unexpected error. It will try again by itself.</translation>
    </message>
    <message>
        <source>The terminal&apos;s data file is damaged, emptied or replaced: the visits not yet sent and this desk&apos;s enrollment are in that file.</source>
        <translation>The terminal&apos;s data file is damaged, emptied or replaced: the visits not yet sent and this desk&apos;s enrollment are in that file.</translation>
    </message>
    <message>
        <source>This lane needs a booking. This pass has no booking for now.</source>
        <translation>This lane needs a booking. This pass has no booking for now.</translation>
    </message>
    <message>
        <source>This booking was already used.</source>
        <translation>This booking was already used.</translation>
    </message>
    <message>
        <source>This booking was cancelled.</source>
        <translation>This booking was cancelled.</translation>
    </message>
    <message>
        <source>This pass is booked for another time.</source>
        <translation>This pass is booked for another time.</translation>
    </message>
    <message>
        <source>Direct the guest to the standard lane.</source>
        <translation>Direct the guest to the standard lane.</translation>
    </message>
    <message>
        <source>Check the booked time. Admit anyway only if the guest may use the lane now.</source>
        <translation>Check the booked time. Admit anyway only if the guest may use the lane now.</translation>
    </message>
    <message>
        <source>Booked %1–%2</source>
        <translation>Booked %1–%2</translation>
    </message>
    <message>
        <source>flight %1</source>
        <translation>flight %1</translation>
    </message>
    <message numerus="yes">
        <source>for %Ln person(s)</source>
        <translation>
            <numerusform>for %Ln person</numerusform>
            <numerusform>for %Ln people</numerusform>
        </translation>
    </message>
    <message>
        <source>This lounge needs today&apos;s boarding pass.</source>
        <translation>This lounge needs today&apos;s boarding pass.</translation>
    </message>
    <message>
        <source>This boarding pass is not for a flight from this airport.</source>
        <translation>This boarding pass is not for a flight from this airport.</translation>
    </message>
    <message>
        <source>This boarding pass is not for today.</source>
        <translation>This boarding pass is not for today.</translation>
    </message>
    <message>
        <source>This pass does not cover this travel class.</source>
        <translation>This pass does not cover this travel class.</translation>
    </message>
    <message>
        <source>This pass does not cover this airline.</source>
        <translation>This pass does not cover this airline.</translation>
    </message>
    <message>
        <source>The booking is for another flight.</source>
        <translation>The booking is for another flight.</translation>
    </message>
    <message>
        <source>The boarding pass shows another name.</source>
        <translation>The boarding pass shows another name.</translation>
    </message>
    <message>
        <source>This boarding pass was already used here today.</source>
        <translation>This boarding pass was already used here today.</translation>
    </message>
    <message>
        <source>Scan the guest&apos;s boarding pass.</source>
        <translation>Scan the guest&apos;s boarding pass.</translation>
    </message>
    <message>
        <source>Check the boarding pass. Do not admit without a flight from here today.</source>
        <translation>Check the boarding pass. Do not admit without a flight from here today.</translation>
    </message>
    <message>
        <source>Do not admit with this pass. Offer paid entry.</source>
        <translation>Do not admit with this pass. Offer paid entry.</translation>
    </message>
    <message>
        <source>Check the guest&apos;s ID against both names, then admit anyway or refuse.</source>
        <translation>Check the guest&apos;s ID against both names, then admit anyway or refuse.</translation>
    </message>
    <message>
        <source>Check it is the same traveller coming back, then admit anyway.</source>
        <translation>Check it is the same traveller coming back, then admit anyway.</translation>
    </message>
    <message>
        <source>Flight %1 %2</source>
        <translation>Flight %1 %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>class %1</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>Lounge</translation>
    </message>
    <message>
        <source>Sync mode</source>
        <translation>Sync mode</translation>
    </message>
    <message>
        <source>Verdict shown for (seconds)</source>
        <translation>Verdict shown for (seconds)</translation>
    </message>
    <message>
        <source>Lock when idle for (minutes, 0 = never)</source>
        <translation>Lock when idle for (minutes, 0 = never)</translation>
    </message>
    <message>
        <source>Warn on reuse within (minutes)</source>
        <translation>Warn on reuse within (minutes)</translation>
    </message>
    <message>
        <source>Warn when data older than (hours)</source>
        <translation>Warn when data older than (hours)</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Sound</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Play a sound for each verdict</source>
        <translation>Play a sound for each verdict</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Only a supervisor can change the settings.</source>
        <translation>Only a supervisor can change the settings.</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>Settings not saved: %1</translation>
    </message>
    <message>
        <source>Your changes are not saved. Leave without saving them?</source>
        <translation>Your changes are not saved. Leave without saving them?</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SetupScreen</name>
    <message>
        <source>Set up this desk</source>
        <translation>Set up this desk</translation>
    </message>
    <message>
        <source>Hold the set-up QR code from your IT team up to the camera or scan it with the handheld scanner. No QR code? Type central&apos;s address and the one-time code printed with it.</source>
        <translation>Hold the set-up QR code from your IT team up to the camera or scan it with the handheld scanner. No QR code? Type central&apos;s address and the one-time code printed with it.</translation>
    </message>
    <message>
        <source>Central address</source>
        <translation>Central address</translation>
    </message>
    <message>
        <source>https://central.example.org</source>
        <translation>https://central.example.org</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>Set up</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Try the demo</translation>
    </message>
    <message>
        <source>That is not a central address. Type it as printed under the QR code, starting with https:// (for example https://central.example.org).</source>
        <translation>That is not a central address. Type it as printed under the QR code, starting with https:// (for example https://central.example.org).</translation>
    </message>
    <message>
        <source>Type the one-time code as well: it is printed with the QR code.</source>
        <translation>Type the one-time code as well: it is printed with the QR code.</translation>
    </message>
    <message>
        <source>That is not a set-up code. Scan the set-up QR code your IT team printed for this desk.</source>
        <translation>That is not a set-up code. Scan the set-up QR code your IT team printed for this desk.</translation>
    </message>
    <message>
        <source>Central did not accept this code: it is mistyped, already used or expired. Ask IT for a new set-up code (lounge-central enroll-code --qr) and scan it.</source>
        <translation>Central did not accept this code: it is mistyped, already used or expired. Ask IT for a new set-up code (lounge-central enroll-code --qr) and scan it.</translation>
    </message>
    <message>
        <source>Central does not answer at %1. Check the desk&apos;s network cable or Wi-Fi and the address, then press Set up again.</source>
        <translation>Central does not answer at %1. Check the desk&apos;s network cable or Wi-Fi and the address, then press Set up again.</translation>
    </message>
    <message>
        <source>Central&apos;s certificate is issued for a different name than %1. Type the address exactly as printed on the set-up sheet (the name, not an IP address), or ask IT to fix the certificate.</source>
        <translation>Central&apos;s certificate is issued for a different name than %1. Type the address exactly as printed on the set-up sheet (the name, not an IP address), or ask IT to fix the certificate.</translation>
    </message>
    <message>
        <source>This desk does not trust central&apos;s certificate at %1 (self-signed, unknown authority or expired). Ask IT to install a trusted certificate on central.</source>
        <translation>This desk does not trust central&apos;s certificate at %1 (self-signed, unknown authority or expired). Ask IT to install a trusted certificate on central.</translation>
    </message>
    <message>
        <source>This desk cannot write its data (%1). Call IT: the disk may be full or read-only.</source>
        <translation>This desk cannot write its data (%1). Call IT: the disk may be full or read-only.</translation>
    </message>
    <message>
        <source>The desk is enrolled, but the first download stopped. Check the network, then press Try again.</source>
        <translation>The desk is enrolled, but the first download stopped. Check the network, then press Try again.</translation>
    </message>
    <message>
        <source>Enrolling at %1…</source>
        <translation>Enrolling at %1…</translation>
    </message>
    <message>
        <source>Downloading memberships and passes: %1 of %2</source>
        <translation>Downloading memberships and passes: %1 of %2</translation>
    </message>
    <message>
        <source>Downloading memberships and passes: %1</source>
        <translation>Downloading memberships and passes: %1</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ShiftReportDocument</name>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Cardholders</source>
        <translation>Cardholders</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Guests</translation>
    </message>
    <message>
        <source>Paid entry people</source>
        <translation>Paid entry people</translation>
    </message>
    <message>
        <source>People</source>
        <translation>People</translation>
    </message>
    <message>
        <source>End-of-shift report</source>
        <translation>End-of-shift report</translation>
    </message>
    <message>
        <source>Terminal %1 · lounge %2 · %3 to %4 (%5)</source>
        <translation>Terminal %1 · lounge %2 · %3 to %4 (%5)</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totals</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>All day</translation>
    </message>
    <message>
        <source>Paid entries: %1 (%2 people), amount %3</source>
        <translation>Paid entries: %1 (%2 people), amount %3</translation>
    </message>
    <message>
        <source>By programme</source>
        <translation>By programme</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>Paid entry</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>By hour</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Hour</translation>
    </message>
    <message>
        <source>Refused scans by reason</source>
        <translation>Refused scans by reason</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Admitted anyway (overrides)</source>
        <translation>Admitted anyway (overrides)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Why the desk asked</source>
        <translation>Why the desk asked</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>voided later</source>
        <translation>voided later</translation>
    </message>
    <message>
        <source>stands</source>
        <translation>stands</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>Voids</translation>
    </message>
    <message>
        <source>Reason given</source>
        <translation>Reason given</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ShiftReportModel</name>
    <message numerus="yes">
        <source>All day: %Ln person(s)</source>
        <translation>
            <numerusform>All day: %Ln person</numerusform>
            <numerusform>All day: %Ln people</numerusform>
        </translation>
    </message>
    <message>
        <source>By programme</source>
        <translation>By programme</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>Paid entry</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>By hour</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Refused scans</source>
        <translation>Refused scans</translation>
    </message>
    <message>
        <source>Admitted anyway (overrides): %1</source>
        <translation>Admitted anyway (overrides): %1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>voided later</source>
        <translation>voided later</translation>
    </message>
    <message>
        <source>Voids: %1</source>
        <translation>Voids: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>Paid entries: %1, amount %2</source>
        <translation>Paid entries: %1, amount %2</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Holders</source>
        <translation>Holders</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Guests</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SignInScreen</name>
    <message>
        <source>Demo: PIN 1234 agent, 2468 supervisor</source>
        <translation>Demo: PIN 1234 agent, 2468 supervisor</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <source>Enter your PIN, or scan your staff badge.</source>
        <translation>Enter your PIN, or scan your staff badge.</translation>
    </message>
    <message>
        <source>Enter your staff number, or scan your staff badge.</source>
        <translation>Enter your staff number, or scan your staff badge.</translation>
    </message>
    <message>
        <source>Staff number %1: enter your PIN.</source>
        <translation>Staff number %1: enter your PIN.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Other staff number</source>
        <translation>Other staff number</translation>
    </message>
    <message>
        <source>Desk locked: %1 is signed in</source>
        <translation>Desk locked: %1 is signed in</translation>
    </message>
    <message>
        <source>%1: enter your PIN to continue. A supervisor&apos;s PIN signs %1 out.</source>
        <translation>%1: enter your PIN to continue. A supervisor&apos;s PIN signs %1 out.</translation>
    </message>
    <message>
        <source>Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.</source>
        <translation>Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.</translation>
    </message>
    <message>
        <source>%1: enter your PIN to continue.</source>
        <translation>%1: enter your PIN to continue.</translation>
    </message>
    <message>
        <source>Staff number %1: enter your PIN to sign %2 out and take over.</source>
        <translation>Staff number %1: enter your PIN to sign %2 out and take over.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>Someone else</translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>Back to %1</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>You can try again now.</translation>
    </message>
    <message>
        <source>123 Digits</source>
        <translation>123 Digits</translation>
    </message>
    <message>
        <source>ABC Letters</source>
        <translation>ABC Letters</translation>
    </message>
</context>
<context>
    <name>lounge::gui::StatusBar</name>
    <message>
        <source>No lounge selected</source>
        <translation>No lounge selected</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>Synced %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln to upload</source>
        <translation>
            <numerusform>%Ln to upload</numerusform>
            <numerusform>%Ln to upload</numerusform>
        </translation>
    </message>
    <message>
        <source>Camera fault</source>
        <translation>Camera fault</translation>
    </message>
    <message>
        <source>Not connected to a central service</source>
        <translation>Not connected to a central service</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SyncScreen</name>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>Last successful sync</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>Last failure</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Visits waiting to upload</source>
        <translation>Visits waiting to upload</translation>
    </message>
    <message>
        <source>Clock offset to central</source>
        <translation>Clock offset to central</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Central service</source>
        <translation>Central service</translation>
    </message>
    <message>
        <source>Initial download %p%</source>
        <translation>Initial download %p%</translation>
    </message>
    <message>
        <source>Not connected to a central service</source>
        <translation>Not connected to a central service</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Recorded on this terminal only.</source>
        <translation>Recorded on this terminal only.</translation>
    </message>
    <message>
        <source>To connect</source>
        <translation>To connect</translation>
    </message>
    <message>
        <source>Ask IT to enroll this terminal with the central service.</source>
        <translation>Ask IT to enroll this terminal with the central service.</translation>
    </message>
</context>
<context>
    <name>lounge::gui::TodayModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>People</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Void: %1</source>
        <translation>Void: %1</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Paid entry (%1)</source>
        <translation>Paid entry (%1)</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>Paid entry</translation>
    </message>
    <message>
        <source>Guest count changed</source>
        <translation>Guest count changed</translation>
    </message>
    <message>
        <source>Admitted anyway: %1</source>
        <translation>Admitted anyway: %1</translation>
    </message>
    <message>
        <source>No boarding pass: %1 (%2)</source>
        <translation>No boarding pass: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>lounge::gui::TodayScreen</name>
    <message>
        <source>Visit voided. The visit has been refunded to the pass.</source>
        <translation>Visit voided. The visit has been refunded to the pass.</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>Void visit</translation>
    </message>
    <message>
        <source>Yes, void</source>
        <translation>Yes, void</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>Reason (optional)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Staff sessions</source>
        <translation>Staff sessions</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message numerus="yes">
        <source>Void the visit of %1 (%Ln person(s)) at %2? The visit is refunded to the pass.</source>
        <translation>
            <numerusform>Void the visit of %1 (%Ln person) at %2? The visit is refunded to the pass.</numerusform>
            <numerusform>Void the visit of %1 (%Ln people) at %2? The visit is refunded to the pass.</numerusform>
        </translation>
    </message>
    <message>
        <source>This code is not a pass this terminal knows.</source>
        <translation>This code is not a pass this terminal knows.</translation>
    </message>
    <message>
        <source>Changing the guest count…</source>
        <translation>Changing the guest count…</translation>
    </message>
    <message>
        <source>Guest count changed</source>
        <translation>Guest count changed</translation>
    </message>
    <message numerus="yes">
        <source>Guest count changed: %Ln people now. The old visit is voided.</source>
        <translation>
            <numerusform>Guest count changed: %Ln person now. The old visit is voided.</numerusform>
            <numerusform>Guest count changed: %Ln people now. The old visit is voided.</numerusform>
        </translation>
    </message>
    <message>
        <source>Guest count not changed: %1</source>
        <translation>Guest count not changed: %1</translation>
    </message>
    <message>
        <source>Search name, number or pass, or scan the pass</source>
        <translation>Search name, number or pass, or scan the pass</translation>
    </message>
    <message>
        <source>Change guests</source>
        <translation>Change guests</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Keyboard</translation>
    </message>
    <message>
        <source>%1h: %2</source>
        <translation>%1h: %2</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>Paid entry</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>By hour: %1</source>
        <translation>By hour: %1</translation>
    </message>
    <message>
        <source>By programme: %1</source>
        <translation>By programme: %1</translation>
    </message>
    <message>
        <source>A supervisor can void a visit or change its guest count.</source>
        <translation>A supervisor can void a visit or change its guest count.</translation>
    </message>
    <message numerus="yes">
        <source>%1 came in as %Ln person(s) at %2. How many people are there?</source>
        <translation>
            <numerusform>%1 came in as %Ln person at %2. How many people are there?</numerusform>
            <numerusform>%1 came in as %Ln people at %2. How many people are there?</numerusform>
        </translation>
    </message>
    <message>
        <source>Admitted %1 in %2 (%3) · %4 admitted anyway · %5 paid entries · %6 refused · %7 voided</source>
        <translation>Admitted %1 in %2 (%3) · %4 admitted anyway · %5 paid entries · %6 refused · %7 voided</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s)</source>
        <translation>
            <numerusform>%Ln person</numerusform>
            <numerusform>%Ln people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln visit(s)</source>
        <translation>
            <numerusform>%Ln visit</numerusform>
            <numerusform>%Ln visits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln guest(s)</source>
        <translation>
            <numerusform>%Ln guest</numerusform>
            <numerusform>%Ln guests</numerusform>
        </translation>
    </message>
    <message>
        <source>Shift report saved: %1</source>
        <translation>Shift report saved: %1</translation>
    </message>
    <message>
        <source>Only a supervisor can export the shift report. Ask a supervisor to sign in.</source>
        <translation>Only a supervisor can export the shift report. Ask a supervisor to sign in.</translation>
    </message>
    <message>
        <source>No export folder is set up for this desk. Ask lounge IT (export_dir).</source>
        <translation>No export folder is set up for this desk. Ask lounge IT (export_dir).</translation>
    </message>
    <message>
        <source>The shift report could not be saved (%1). Check the USB stick or the export folder and try again.</source>
        <translation>The shift report could not be saved (%1). Check the USB stick or the export folder and try again.</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Export PDF</translation>
    </message>
</context>
<context>
    <name>lounge::gui::VerdictScreen</name>
    <message numerus="yes">
        <source>Party of %Ln</source>
        <translation>
            <numerusform>Party of %Ln</numerusform>
            <numerusform>Party of %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: unlimited</source>
        <translation>%1: unlimited</translation>
    </message>
    <message>
        <source>%1: %2 of %3 left</source>
        <translation>%1: %2 of %3 left</translation>
    </message>
    <message>
        <source>Guests allowed: %1</source>
        <translation>Guests allowed: %1</translation>
    </message>
    <message>
        <source>The visit was not recorded. Do not admit. Call a supervisor.</source>
        <translation>The visit was not recorded. Do not admit. Call a supervisor.</translation>
    </message>
    <message>
        <source>Decided offline: central did not answer in time. The visit uploads later.</source>
        <translation>Decided offline: central did not answer in time. The visit uploads later.</translation>
    </message>
    <message>
        <source>Admit anyway</source>
        <translation>Admit anyway</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Next guest</source>
        <translation>Next guest</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Boarding pass: %1 — pass: %2</source>
        <translation>Boarding pass: %1 — pass: %2</translation>
    </message>
    <message>
        <source>Guest %1: %2</source>
        <translation>Guest %1: %2</translation>
    </message>
</context>
</TS>
