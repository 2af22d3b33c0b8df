// Norwegian bokmål and English. The browser's language decides at first; the switch in the header remembers a choice.
const KEY = 'konsil.lang';

const en = {
  'app.title': 'Konsil – video consultations', 'app.skip': 'Skip to content', 'app.language': 'Language', 'app.loading': 'Loading…',
  'nav.signin': 'Sign in', 'nav.search': 'Find an appointment', 'nav.appointments': 'My appointments', 'nav.check': 'Device check',
  'nav.agenda': 'Today', 'nav.referrals': 'Referrals', 'nav.opinions': 'Second opinions', 'nav.signout': 'Sign out',
  'signin.title': 'Sign in to Konsil', 'signin.intro': 'Video consultations with your GP and with specialists at any hospital in the network.',
  'signin.demoTitle': 'Demo users', 'signin.noDemo': 'Sign in through your health portal. It opens Konsil for you.',
  'signin.tokenTitle': 'Sign in with a token', 'signin.tokenIntro': 'For portals and testers: paste a token issued by your identity provider.',
  'signin.token': 'Token (JWT)', 'signin.useToken': 'Sign in',
  'search.title': 'Find the earliest appointment', 'search.intro': 'Free times at every hospital in the network, earliest first. You may choose any hospital.',
  'search.specialty': 'Specialty', 'search.hospital': 'Hospital', 'search.language': 'Language', 'search.mode': 'Type', 'search.from': 'From date',
  'search.anySpecialty': 'Any specialty', 'search.anyHospital': 'Any hospital', 'search.anyLanguage': 'Any language', 'search.anyMode': 'Video or in person',
  'search.submit': 'Search', 'search.resultsTitle': 'Earliest free times', 'search.none': 'No free times match. Try another hospital or a later date.',
  'search.more': 'Show more', 'search.book': 'Book', 'search.waitsTitle': 'Waiting times for {specialty}', 'search.nextAvailable': 'Next free time',
  'search.medianWait': 'Typical wait', 'search.days': '{n} days', 'search.medianWaitShort': 'Typical wait here: {n} days',
  'book.title': 'Confirm your appointment', 'book.heldUntil': 'This time is held for you until {time}.', 'book.confirm': 'Confirm booking',
  'book.back': 'Choose another time', 'book.taken': 'Someone else just took this time. Please choose another.', 'book.done': 'Your appointment is booked',
  'book.toAppointments': 'My appointments',
  'appt.title': 'My appointments', 'appt.none': 'You have no appointments.', 'appt.join': 'Join the call', 'appt.calendar': 'Add to calendar',
  'appt.cancel': 'Cancel', 'appt.cancelConfirm': 'Cancel this appointment?', 'appt.cancelYes': 'Yes, cancel', 'appt.cancelNo': 'No, keep it',
  'appt.cancelled': 'The appointment is cancelled.', 'appt.checkDevices': 'Check camera and microphone',
  'appt.tooEarly': 'You can join from 15 minutes before the start ({time}).',
  'status.booked': 'Booked', 'status.arrived': 'Arrived', 'status.in-progress': 'In progress', 'status.fulfilled': 'Done', 'status.cancelled': 'Cancelled',
  'status.no-show': 'Did not attend', 'status.received': 'Received', 'status.assessed': 'Assessed', 'status.scheduled': 'Scheduled',
  'status.completed': 'Completed', 'status.rejected': 'Rejected', 'status.requested': 'Waiting for a specialist', 'status.open': 'Open',
  'status.accepted': 'Accepted',
  'presence.not-arrived': 'Not arrived', 'presence.in-lobby': 'Waiting in lobby', 'presence.in-call': 'In call', 'presence.done': 'Done',
  'presence.reconnecting': 'Reconnecting', 'presence.left': 'Left',
  'kind.gp-consultation': 'GP consultation', 'kind.specialist-consultation': 'Specialist consultation', 'kind.second-opinion': 'Second opinion',
  'mode.video': 'Video', 'mode.in-person': 'In person',
  'role.patient': 'Patient', 'role.gp': 'GP', 'role.specialist': 'Specialist', 'role.nurse': 'Nurse', 'role.interpreter': 'Interpreter',
  'role.observer': 'Observer', 'role.admin': 'Administrator',
  'lang.nb': 'Norwegian', 'lang.en': 'English', 'lang.se': 'Northern Sami', 'lang.pl': 'Polish', 'lang.ar': 'Arabic', 'lang.so': 'Somali',
  'lang.ur': 'Urdu', 'lang.fa': 'Persian', 'lang.ti': 'Tigrinya', 'lang.sv': 'Swedish', 'lang.de': 'German', 'lang.uk': 'Ukrainian',
  'check.title': 'Check your camera, microphone and connection', 'check.intro': 'This takes a few seconds. Nothing is recorded or sent anywhere.',
  'check.preview': 'Your camera', 'check.micLevel': 'Microphone level', 'check.playTone': 'Play test sound', 'check.retry': 'Check again',
  'check.join': 'Join the call', 'check.results': 'Results', 'check.pending': 'Checking…',
  'check.item.browser': 'Browser', 'check.item.camera': 'Camera', 'check.item.microphone': 'Microphone', 'check.item.speaker': 'Speakers',
  'check.item.signaling': 'Connection to Konsil', 'check.item.turn': 'Media route (STUN/TURN)',
  'check.result.ok': 'OK', 'check.result.warn': 'Check', 'check.result.fail': 'Problem', 'check.result.pending': 'Checking…', 'check.result.untested': 'Not tested',
  'check.speakNow': 'Say something: the bar should move.', 'check.micHeard': 'We can hear you.',
  'check.toneHint': 'Press “Play test sound”. If you hear nothing, turn up the volume or choose other speakers.',
  'check.link.ok': 'Your link to the consultation works.', 'check.link.lobby': 'Your link works; you will wait in the waiting room until the clinician lets you in.',
  'check.link.bad': 'Your link to the consultation does not work ({code}). Ask for a new one.',
  'check.link.token-expired': 'Your link to the consultation has expired. Open the call again from your appointments.',
  'check.latency': 'Reached in {ms} ms.', 'check.turnOk': 'A relay server is reachable: calls work even behind strict firewalls.',
  'check.turnNone': 'Direct connections only (no relay server configured).',
  'check.fix.denied': 'Your browser blocked the camera or microphone. Click the camera symbol in the address bar, choose “Allow”, then press “Check again”.',
  'check.fix.notFound': 'No camera or microphone was found. Connect one (or use a phone), then press “Check again”.',
  'check.fix.busy': 'Another program is using the camera or microphone. Close it (for example Teams or Zoom), then press “Check again”.',
  'check.fix.other': 'The camera or microphone could not start. Restart the browser and try again.',
  'check.fix.insecure': 'Open Konsil through a secure https:// address; browsers only allow cameras there.',
  'check.fix.browser': 'Your browser lacks {missing}. Use a recent Chrome, Edge, Firefox or Safari.',
  'check.fix.network': 'Konsil cannot be reached. Check your internet connection or try another network.',
  'check.fix.turn': 'The relay server cannot be reached. The call may fail on strict networks (for example at work); try another network.',
  'call.joiningTitle': 'Joining…', 'call.joiningText': 'Starting your camera and connecting.',
  'call.lobbyTitle': 'You are in the waiting room', 'call.lobbyText': 'The clinician will let you in soon. Keep this page open.',
  'call.position': 'Your place in the queue: {n}', 'call.deniedTitle': 'You were not let in', 'call.deniedText': 'The clinician could not let you in. Contact the clinic if you think this is a mistake.',
  'call.kickedTitle': 'You were removed from the call', 'call.kickedText': 'A moderator removed you from this consultation.',
  'call.endedTitle': 'The consultation has ended', 'call.endedText': 'Thank you. You can close this page.',
  'call.leftTitle': 'You left the call', 'call.leftText': 'You can rejoin while the consultation is still running.',
  'call.failedTitle': 'The connection was lost', 'call.failedText': 'We could not reconnect. Check your internet connection and rejoin.',
  'call.refusedTitle': 'Could not open the call', 'call.refusedText': 'The link may have expired or be meant for another consultation. Ask for a new link.',
  'call.replacedTitle': 'The call continues in another window', 'call.replacedText': 'You opened this consultation somewhere else. Close this window, or rejoin here.',
  'call.fullTitle': 'The call is full', 'call.fullText': 'No more participants can join this consultation.',
  'call.noTokenTitle': 'This link is incomplete', 'call.noTokenText': 'Open the call from your appointments, or use the full link you were given.',
  'call.backHome': 'Back to Konsil', 'call.rejoin': 'Rejoin', 'call.waitingForOthers': 'Waiting for the others to join…',
  'call.reconnecting': 'Connection lost – reconnecting…', 'call.state.connecting': 'Connecting', 'call.state.connected': 'Connected',
  'call.state.reconnecting': 'Reconnecting', 'call.state.closed': 'Disconnected', 'call.state.failed': 'Disconnected', 'call.state.idle': 'Connecting',
  'call.quality.good': 'Connection quality: good (round trip {rtt} ms, loss {loss} %)', 'call.quality.fair': 'Connection quality: fair (round trip {rtt} ms, loss {loss} %)',
  'call.quality.poor': 'Connection quality: poor (round trip {rtt} ms, loss {loss} %)', 'call.quality.unknown': 'Connection quality: not measured yet',
  'call.count': '{n} in the call', 'call.mute': 'Mute', 'call.unmute': 'Unmute', 'call.cameraOff': 'Stop camera', 'call.cameraOn': 'Start camera',
  'call.share': 'Share screen', 'call.stopShare': 'Stop sharing', 'call.shareFailed': 'Screen sharing was not started.',
  'call.chatAndPeople': 'Chat and people', 'call.invite': 'Invite', 'call.leave': 'Leave', 'call.endForAll': 'End for all', 'call.controls': 'Call controls',
  'call.participants': 'Participants', 'call.chat': 'Chat', 'call.chatMessage': 'Chat message', 'call.chatPlaceholder': 'Write a message…', 'call.send': 'Send',
  'call.muted': 'Muted', 'call.cameraIsOff': 'Camera off', 'call.sharing': 'Sharing screen', 'call.moderator': 'Moderator', 'call.you': 'you',
  'call.inLobby': 'waiting', 'call.admit': 'Let in', 'call.deny': 'Turn away', 'call.remove': 'Remove', 'call.isWaiting': '({role}) is waiting to join',
  'call.knockToast': '{name} is waiting in the lobby', 'call.someone': 'Someone', 'call.videoOf': 'Video of {name}', 'call.selfVideo': 'Your own camera picture', 'call.unread': '{n} unread messages',
  'call.inviteRole': 'Invite a', 'call.inviteName': 'Name (optional)', 'call.inviteCreate': 'Create invitation link',
  'call.inviteLink': 'Send this link (valid until {time}):', 'call.copy': 'Copy link', 'call.copied': 'Link copied',
  'call.copyManually': 'Select the link and copy it', 'call.inviteFailed': 'The invitation could not be created ({code}).',
  'agenda.title': 'Agenda', 'agenda.date': 'Date', 'agenda.ics': 'Export calendar', 'agenda.none': 'No appointments on this day.',
  'agenda.live': 'Updates by itself every few seconds.', 'agenda.admit': 'Let in', 'agenda.deny': 'Turn away', 'agenda.start': 'Start call',
  'agenda.rejoin': 'Return to call', 'agenda.denied': 'The patient was turned away.', 'agenda.denyFailed': 'The patient is no longer waiting.',
  'ref.title': 'Referrals', 'ref.new': 'New referral', 'ref.patient': 'Patient (id)', 'ref.specialty': 'Specialty', 'ref.hospital': 'Hospital',
  'ref.anyHospital': 'Patient chooses (free choice)', 'ref.priority': 'Priority', 'ref.priority.normal': 'Normal', 'ref.priority.urgent': 'Urgent',
  'ref.deadline': 'Legal deadline', 'ref.cancer': 'Cancer pathway', 'ref.cancerYes': 'Cancer patient pathway (pakkeforløp)',
  'ref.question': 'Clinical question', 'ref.send': 'Send referral', 'ref.created': 'The referral was sent.', 'ref.list': 'Referrals',
  'ref.none': 'No referrals.', 'ref.deadlineOn': 'deadline {date}', 'ref.cancerShort': 'Cancer pathway',
  'so.title': 'Second opinions', 'so.intro': 'Ask colleagues in a specialty anywhere in the network, or answer their requests.',
  'so.inbox': 'Inbox', 'so.none': 'No requests.', 'so.accept': 'Accept', 'so.accepted': 'Accepted. You can join when ready.',
  'so.acceptedBy': 'accepted by {name}', 'so.join': 'Join', 'so.ask': 'Ask for a second opinion', 'so.question': 'Question',
  'so.send': 'Send request', 'so.created': 'Your request was sent.',
  'error.generic': 'Something went wrong ({code}). Please try again.', 'error.network': 'No connection to Konsil. Check your internet connection.',
  'error.slot-unavailable': 'Someone else just took this time. Please choose another.', 'error.outside-join-window': 'The call cannot be joined at this time.',
  'error.token-expired': 'Your session has expired. Sign in again.', 'error.http-401': 'Your session has expired. Sign in again.',
  'error.http-403': 'You are not allowed to do that.', 'error.http-404': 'Not found.',
};

const nb = {
  'app.title': 'Konsil – videokonsultasjoner', 'app.skip': 'Gå til innholdet', 'app.language': 'Språk', 'app.loading': 'Laster …',
  'nav.signin': 'Logg inn', 'nav.search': 'Finn time', 'nav.appointments': 'Mine timer', 'nav.check': 'Test utstyret',
  'nav.agenda': 'I dag', 'nav.referrals': 'Henvisninger', 'nav.opinions': 'Second opinion', 'nav.signout': 'Logg ut',
  'signin.title': 'Logg inn i Konsil', 'signin.intro': 'Videokonsultasjon med fastlegen og med spesialister på alle sykehus i nettverket.',
  'signin.demoTitle': 'Demobrukere', 'signin.noDemo': 'Logg inn via helseportalen din. Den åpner Konsil for deg.',
  'signin.tokenTitle': 'Logg inn med token', 'signin.tokenIntro': 'For portaler og testere: lim inn et token fra identitetsleverandøren.',
  'signin.token': 'Token (JWT)', 'signin.useToken': 'Logg inn',
  'search.title': 'Finn første ledige time', 'search.intro': 'Ledige timer på alle sykehus i nettverket, tidligste først. Du kan velge hvilket sykehus du vil.',
  'search.specialty': 'Fagområde', 'search.hospital': 'Sykehus', 'search.language': 'Språk', 'search.mode': 'Type', 'search.from': 'Fra dato',
  'search.anySpecialty': 'Alle fagområder', 'search.anyHospital': 'Alle sykehus', 'search.anyLanguage': 'Alle språk', 'search.anyMode': 'Video eller oppmøte',
  'search.submit': 'Søk', 'search.resultsTitle': 'Første ledige timer', 'search.none': 'Ingen ledige timer passer. Prøv et annet sykehus eller en senere dato.',
  'search.more': 'Vis flere', 'search.book': 'Bestill', 'search.waitsTitle': 'Ventetider for {specialty}', 'search.nextAvailable': 'Neste ledige time',
  'search.medianWait': 'Vanlig ventetid', 'search.days': '{n} dager', 'search.medianWaitShort': 'Vanlig ventetid her: {n} dager',
  'book.title': 'Bekreft timen', 'book.heldUntil': 'Timen er holdt av til deg til kl. {time}.', 'book.confirm': 'Bekreft bestilling',
  'book.back': 'Velg en annen tid', 'book.taken': 'Noen andre tok nettopp denne timen. Velg en annen.', 'book.done': 'Timen er bestilt',
  'book.toAppointments': 'Mine timer',
  'appt.title': 'Mine timer', 'appt.none': 'Du har ingen timer.', 'appt.join': 'Bli med i samtalen', 'appt.calendar': 'Legg i kalender',
  'appt.cancel': 'Avbestill', 'appt.cancelConfirm': 'Avbestille denne timen?', 'appt.cancelYes': 'Ja, avbestill', 'appt.cancelNo': 'Nei, behold',
  'appt.cancelled': 'Timen er avbestilt.', 'appt.checkDevices': 'Test kamera og mikrofon',
  'appt.tooEarly': 'Du kan bli med fra 15 minutter før start ({time}).',
  'status.booked': 'Bestilt', 'status.arrived': 'Ankommet', 'status.in-progress': 'Pågår', 'status.fulfilled': 'Fullført', 'status.cancelled': 'Avbestilt',
  'status.no-show': 'Møtte ikke', 'status.received': 'Mottatt', 'status.assessed': 'Vurdert', 'status.scheduled': 'Time satt opp',
  'status.completed': 'Avsluttet', 'status.rejected': 'Avvist', 'status.requested': 'Venter på spesialist', 'status.open': 'Åpen',
  'status.accepted': 'Akseptert',
  'presence.not-arrived': 'Ikke kommet', 'presence.in-lobby': 'Venter i venterommet', 'presence.in-call': 'I samtale', 'presence.done': 'Ferdig',
  'presence.reconnecting': 'Kobler til igjen', 'presence.left': 'Har gått',
  'kind.gp-consultation': 'Fastlegetime', 'kind.specialist-consultation': 'Spesialisttime', 'kind.second-opinion': 'Second opinion',
  'mode.video': 'Video', 'mode.in-person': 'Oppmøte',
  'role.patient': 'Pasient', 'role.gp': 'Fastlege', 'role.specialist': 'Spesialist', 'role.nurse': 'Sykepleier', 'role.interpreter': 'Tolk',
  'role.observer': 'Observatør', 'role.admin': 'Administrator',
  'lang.nb': 'Norsk', 'lang.en': 'Engelsk', 'lang.se': 'Nordsamisk', 'lang.pl': 'Polsk', 'lang.ar': 'Arabisk', 'lang.so': 'Somali',
  'lang.ur': 'Urdu', 'lang.fa': 'Persisk', 'lang.ti': 'Tigrinja', 'lang.sv': 'Svensk', 'lang.de': 'Tysk', 'lang.uk': 'Ukrainsk',
  'check.title': 'Test kamera, mikrofon og tilkobling', 'check.intro': 'Dette tar noen sekunder. Ingenting blir tatt opp eller sendt noe sted.',
  'check.preview': 'Kameraet ditt', 'check.micLevel': 'Mikrofonnivå', 'check.playTone': 'Spill av testlyd', 'check.retry': 'Test på nytt',
  'check.join': 'Bli med i samtalen', 'check.results': 'Resultat', 'check.pending': 'Tester …',
  'check.item.browser': 'Nettleser', 'check.item.camera': 'Kamera', 'check.item.microphone': 'Mikrofon', 'check.item.speaker': 'Høyttalere',
  'check.item.signaling': 'Tilkobling til Konsil', 'check.item.turn': 'Medievei (STUN/TURN)',
  'check.result.ok': 'OK', 'check.result.warn': 'Sjekk', 'check.result.fail': 'Problem', 'check.result.pending': 'Tester …', 'check.result.untested': 'Ikke testet',
  'check.speakNow': 'Si noe: søylen skal bevege seg.', 'check.micHeard': 'Vi hører deg.',
  'check.toneHint': 'Trykk «Spill av testlyd». Hører du ingenting, skru opp lyden eller velg andre høyttalere.',
  'check.link.ok': 'Lenken til konsultasjonen virker.', 'check.link.lobby': 'Lenken virker; du venter i venterommet til behandleren slipper deg inn.',
  'check.link.bad': 'Lenken til konsultasjonen virker ikke ({code}). Be om en ny.',
  'check.link.token-expired': 'Lenken til konsultasjonen har gått ut. Åpne samtalen på nytt fra timene dine.',
  'check.latency': 'Nådd på {ms} ms.', 'check.turnOk': 'En reléserver er tilgjengelig: samtalen virker også bak strenge brannmurer.',
  'check.turnNone': 'Bare direkte forbindelser (ingen reléserver satt opp).',
  'check.fix.denied': 'Nettleseren blokkerte kamera eller mikrofon. Klikk på kamerasymbolet i adressefeltet, velg «Tillat», og trykk «Test på nytt».',
  'check.fix.notFound': 'Fant ikke kamera eller mikrofon. Koble til (eller bruk mobilen), og trykk «Test på nytt».',
  'check.fix.busy': 'Et annet program bruker kamera eller mikrofon. Lukk det (for eksempel Teams eller Zoom), og trykk «Test på nytt».',
  'check.fix.other': 'Kamera eller mikrofon kunne ikke starte. Start nettleseren på nytt og prøv igjen.',
  'check.fix.insecure': 'Åpne Konsil via en sikker https://-adresse; nettlesere tillater bare kamera der.',
  'check.fix.browser': 'Nettleseren mangler {missing}. Bruk en nyere Chrome, Edge, Firefox eller Safari.',
  'check.fix.network': 'Får ikke kontakt med Konsil. Sjekk internettforbindelsen eller prøv et annet nett.',
  'check.fix.turn': 'Reléserveren svarer ikke. Samtalen kan feile på strenge nett (for eksempel på jobb); prøv et annet nett.',
  'call.joiningTitle': 'Kobler til …', 'call.joiningText': 'Starter kameraet og kobler til.',
  'call.lobbyTitle': 'Du er i venterommet', 'call.lobbyText': 'Behandleren slipper deg inn snart. La siden være åpen.',
  'call.position': 'Din plass i køen: {n}', 'call.deniedTitle': 'Du ble ikke sluppet inn', 'call.deniedText': 'Behandleren kunne ikke slippe deg inn. Kontakt klinikken hvis du tror dette er feil.',
  'call.kickedTitle': 'Du ble fjernet fra samtalen', 'call.kickedText': 'En møteleder fjernet deg fra konsultasjonen.',
  'call.endedTitle': 'Konsultasjonen er avsluttet', 'call.endedText': 'Takk. Du kan lukke denne siden.',
  'call.leftTitle': 'Du forlot samtalen', 'call.leftText': 'Du kan bli med igjen så lenge konsultasjonen pågår.',
  'call.failedTitle': 'Forbindelsen ble brutt', 'call.failedText': 'Vi fikk ikke koblet til igjen. Sjekk internettforbindelsen og bli med på nytt.',
  'call.refusedTitle': 'Kunne ikke åpne samtalen', 'call.refusedText': 'Lenken kan ha gått ut eller gjelde en annen konsultasjon. Be om en ny lenke.',
  'call.replacedTitle': 'Samtalen fortsetter i et annet vindu', 'call.replacedText': 'Du åpnet konsultasjonen et annet sted. Lukk dette vinduet, eller bli med igjen her.',
  'call.fullTitle': 'Samtalen er full', 'call.fullText': 'Det er ikke plass til flere i denne konsultasjonen.',
  'call.noTokenTitle': 'Lenken er ufullstendig', 'call.noTokenText': 'Åpne samtalen fra timene dine, eller bruk hele lenken du fikk.',
  'call.backHome': 'Tilbake til Konsil', 'call.rejoin': 'Bli med igjen', 'call.waitingForOthers': 'Venter på at de andre kommer …',
  'call.reconnecting': 'Forbindelsen ble brutt – kobler til igjen …', 'call.state.connecting': 'Kobler til', 'call.state.connected': 'Tilkoblet',
  'call.state.reconnecting': 'Kobler til igjen', 'call.state.closed': 'Frakoblet', 'call.state.failed': 'Frakoblet', 'call.state.idle': 'Kobler til',
  'call.quality.good': 'Forbindelse: god (tur-retur {rtt} ms, tap {loss} %)', 'call.quality.fair': 'Forbindelse: middels (tur-retur {rtt} ms, tap {loss} %)',
  'call.quality.poor': 'Forbindelse: dårlig (tur-retur {rtt} ms, tap {loss} %)', 'call.quality.unknown': 'Forbindelse: ikke målt ennå',
  'call.count': '{n} i samtalen', 'call.mute': 'Demp', 'call.unmute': 'Slå på lyd', 'call.cameraOff': 'Slå av kamera', 'call.cameraOn': 'Slå på kamera',
  'call.share': 'Del skjerm', 'call.stopShare': 'Stopp deling', 'call.shareFailed': 'Skjermdeling ble ikke startet.',
  'call.chatAndPeople': 'Chat og deltakere', 'call.invite': 'Inviter', 'call.leave': 'Forlat', 'call.endForAll': 'Avslutt for alle', 'call.controls': 'Samtalekontroller',
  'call.participants': 'Deltakere', 'call.chat': 'Chat', 'call.chatMessage': 'Chatmelding', 'call.chatPlaceholder': 'Skriv en melding …', 'call.send': 'Send',
  'call.muted': 'Dempet', 'call.cameraIsOff': 'Kamera av', 'call.sharing': 'Deler skjerm', 'call.moderator': 'Møteleder', 'call.you': 'deg',
  'call.inLobby': 'venter', 'call.admit': 'Slipp inn', 'call.deny': 'Avvis', 'call.remove': 'Fjern', 'call.isWaiting': '({role}) venter på å komme inn',
  'call.knockToast': '{name} venter i venterommet', 'call.someone': 'Noen', 'call.videoOf': 'Video av {name}', 'call.selfVideo': 'Ditt eget kamerabilde', 'call.unread': '{n} uleste meldinger',
  'call.inviteRole': 'Inviter en', 'call.inviteName': 'Navn (valgfritt)', 'call.inviteCreate': 'Lag invitasjonslenke',
  'call.inviteLink': 'Send denne lenken (gyldig til {time}):', 'call.copy': 'Kopier lenke', 'call.copied': 'Lenken er kopiert',
  'call.copyManually': 'Marker lenken og kopier den', 'call.inviteFailed': 'Invitasjonen kunne ikke lages ({code}).',
  'agenda.title': 'Timeliste', 'agenda.date': 'Dato', 'agenda.ics': 'Eksporter kalender', 'agenda.none': 'Ingen timer denne dagen.',
  'agenda.live': 'Oppdateres av seg selv med noen sekunders mellomrom.', 'agenda.admit': 'Slipp inn', 'agenda.deny': 'Avvis', 'agenda.start': 'Start samtale',
  'agenda.rejoin': 'Tilbake til samtalen', 'agenda.denied': 'Pasienten ble avvist.', 'agenda.denyFailed': 'Pasienten venter ikke lenger.',
  'ref.title': 'Henvisninger', 'ref.new': 'Ny henvisning', 'ref.patient': 'Pasient (id)', 'ref.specialty': 'Fagområde', 'ref.hospital': 'Sykehus',
  'ref.anyHospital': 'Pasienten velger (fritt behandlingsvalg)', 'ref.priority': 'Prioritet', 'ref.priority.normal': 'Normal', 'ref.priority.urgent': 'Haster',
  'ref.deadline': 'Juridisk frist', 'ref.cancer': 'Pakkeforløp', 'ref.cancerYes': 'Pakkeforløp for kreft',
  'ref.question': 'Problemstilling', 'ref.send': 'Send henvisning', 'ref.created': 'Henvisningen er sendt.', 'ref.list': 'Henvisninger',
  'ref.none': 'Ingen henvisninger.', 'ref.deadlineOn': 'frist {date}', 'ref.cancerShort': 'Pakkeforløp',
  'so.title': 'Second opinion', 'so.intro': 'Spør kolleger i et fagområde hvor som helst i nettverket, eller svar på forespørslene deres.',
  'so.inbox': 'Innboks', 'so.none': 'Ingen forespørsler.', 'so.accept': 'Aksepter', 'so.accepted': 'Akseptert. Du kan bli med når du er klar.',
  'so.acceptedBy': 'akseptert av {name}', 'so.join': 'Bli med', 'so.ask': 'Be om second opinion', 'so.question': 'Spørsmål',
  'so.send': 'Send forespørsel', 'so.created': 'Forespørselen er sendt.',
  'error.generic': 'Noe gikk galt ({code}). Prøv igjen.', 'error.network': 'Ingen forbindelse til Konsil. Sjekk internettforbindelsen.',
  'error.slot-unavailable': 'Noen andre tok nettopp denne timen. Velg en annen.', 'error.outside-join-window': 'Samtalen kan ikke åpnes nå.',
  'error.token-expired': 'Økten er utløpt. Logg inn på nytt.', 'error.http-401': 'Økten er utløpt. Logg inn på nytt.',
  'error.http-403': 'Du har ikke lov til å gjøre dette.', 'error.http-404': 'Fant ikke dette.',
};

const DICTS = { en, nb };
const listeners = new Set();

function initial() {
  const saved = localStorage.getItem(KEY);
  if (saved && DICTS[saved]) return saved;
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().split('-')[0];
    if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
    if (base === 'en') return 'en';
  }
  return 'en';
}

let lang = initial();

export function getLanguage() {
  return lang;
}

export function setLanguage(next, remember = true) {
  if (!DICTS[next] || next === lang) return;
  lang = next;
  if (remember) localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
  for (const fn of listeners) fn(next);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Translation with {name} placeholders; the fallback (or the key) when the key is unknown. */
export function t(key, params, fallback) {
  let s = DICTS[lang][key];
  if (s === undefined) s = en[key];
  if (s === undefined) s = fallback !== undefined ? fallback : key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));
  return s;
}

export const dictionaries = DICTS;
